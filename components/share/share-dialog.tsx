'use client';
// "Share externally": asks for a passphrase (a strong one is suggested) or an age public key,
// starts the background job (POST /api/share/[bundleId]), shows its progress (polling
// GET /api/shares/[jobId]) and, once ready, the download link of the encrypted, sanitized bundle.
// The lead's earlier shares of this bundle that are still downloadable are listed too.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input } from '@/components/ui/field';

type Mode = 'passphrase' | 'recipient';

// 31 symbols without look-alikes (no 0/o, 1/l/i): 25 of them give about 124 bits.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 25;

function suggestPassphrase(): string {
  const chars: string[] = [];
  while (chars.length < LENGTH) {
    for (const b of crypto.getRandomValues(new Uint8Array(LENGTH))) {
      // rejection sampling: 248 = 8 × 31, so every symbol is equally likely
      if (b < 248 && chars.length < LENGTH) chars.push(ALPHABET[b % ALPHABET.length]);
    }
  }
  return [0, 5, 10, 15, 20].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

interface ShareJobView {
  id: string;
  state: 'queued' | 'running' | 'ready' | 'failed' | 'expired';
  stage: string | null;
  progress: number;
  bytesDone: number;
  bytesTotal: number;
  method: string;
  fileName: string;
  size: number | null;
  problem: string | null;
  createdAt: string;
  expiresAt: string | null;
  downloadUrl: string | null;
}

const STAGE_LABEL: Record<string, string> = {
  queued: 'Waiting for a worker',
  starting: 'Starting',
  reading: 'Reading the stored bundle',
  inspecting: 'Checking for personal data',
  sanitizing: 'Writing the sanitized copy',
  encrypting: 'Encrypting',
  storing: 'Keeping the file for you',
};

function megabytes(n: number): string {
  return `${(n / 1_048_576).toFixed(n < 10_485_760 ? 1 : 0)} MB`;
}

function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

async function fetchShare(jobId: string): Promise<ShareJobView> {
  const res = await fetch(`/api/shares/${encodeURIComponent(jobId)}`, { cache: 'no-store' });
  const data = (await res.json().catch(() => null)) as (ShareJobView & { error?: string }) | null;
  if (!res.ok || !data) throw new Error(data?.error ?? `The share's state could not be read (HTTP ${res.status}).`);
  return data;
}

const running = (job: ShareJobView | undefined) => !job || job.state === 'queued' || job.state === 'running';

function DownloadLink({ job }: { job: ShareJobView }) {
  if (!job.downloadUrl) return null;
  return (
    <a
      href={job.downloadUrl}
      download={job.fileName}
      data-testid="share-download"
      className="inline-flex items-center rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
    >
      Download {job.fileName}
    </a>
  );
}

/** One share being prepared: a progress bar polled from the job, then its download link. */
function ShareProgress({ jobId }: { jobId: string }) {
  const job = useQuery({
    queryKey: ['share-job', jobId],
    queryFn: () => fetchShare(jobId),
    staleTime: 0,
    refetchInterval: (q) => (running(q.state.data) && !q.state.error ? 400 : false),
  });
  const data = job.data;
  if (job.error) return <FormError message={job.error.message} />;
  if (!data || running(data)) {
    const value = data?.progress ?? 0;
    const stage = data?.stage ?? 'queued';
    const bytes = data && data.bytesTotal > 0 ? ` (${megabytes(data.bytesDone)} of ${megabytes(data.bytesTotal)})` : '';
    const label = `${STAGE_LABEL[stage] ?? stage}${bytes}`;
    return (
      <div className="space-y-1" data-testid="share-progress">
        <div className="flex justify-between text-xs text-slate-600">
          <span>{label}</span>
          <span className="tabular-nums">{Math.round(value * 100)}%</span>
        </div>
        <div className="h-1.5 overflow-hidden rounded bg-slate-200" role="progressbar" aria-label="Preparing the share" aria-valuetext={label} aria-valuenow={Math.round(value * 100)} aria-valuemin={0} aria-valuemax={100}>
          <div className="h-full bg-brand-500 transition-[width]" style={{ width: `${Math.min(100, value * 100)}%` }} />
        </div>
        <p className="text-xs text-slate-500">You may close this dialog: the share keeps going, and its link waits here.</p>
      </div>
    );
  }
  if (data.state === 'failed' || data.state === 'expired') return <FormError message={data.problem ?? (data.state === 'expired' ? 'This share has expired.' : 'The share failed.')} />;
  return (
    <div role="status" className="space-y-2 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 ring-1 ring-inset ring-green-200">
      <p>
        Ready: {data.fileName} ({megabytes(data.size ?? 0)}), downloadable by you until {data.expiresAt ? when(data.expiresAt) : 'it expires'}.{' '}
        {data.method === 'passphrase' ? 'Decrypt with: age -d -o bundle.zip ' : 'Decrypt with: age -d -i key.txt -o bundle.zip '}
        {data.fileName}
      </p>
      <DownloadLink job={data} />
    </div>
  );
}

/** The lead's earlier shares of this bundle that can still be downloaded. */
function EarlierShares({ bundleId, current }: { bundleId: string; current: string | null }) {
  const list = useQuery({
    queryKey: ['shares-of-bundle', bundleId],
    queryFn: async () => {
      const res = await fetch(`/api/share/${encodeURIComponent(bundleId)}`, { cache: 'no-store' });
      if (!res.ok) return [] as ShareJobView[];
      return ((await res.json()) as { shares: ShareJobView[] }).shares;
    },
    staleTime: 5_000,
  });
  const ready = (list.data ?? []).filter((j) => j.id !== current && j.downloadUrl);
  if (!ready.length) return null;
  return (
    <div className="space-y-1 border-t border-slate-100 pt-3">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Your earlier shares of this bundle</h3>
      <ul className="space-y-1 text-xs text-slate-600">
        {ready.map((j) => (
          <li key={j.id} className="flex items-center justify-between gap-2">
            <span>
              {when(j.createdAt)}, {j.method === 'passphrase' ? 'passphrase' : 'age key'}; until {j.expiresAt ? when(j.expiresAt) : '—'}
            </span>
            <a href={j.downloadUrl!} download={j.fileName} className="text-brand-700 underline">
              Download
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ShareBundleButton({ bundleId }: { bundleId: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const [mode, setMode] = useState<Mode>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [recipient, setRecipient] = useState('');
  const [purpose, setPurpose] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const current = useQuery({ queryKey: ['share-job', jobId], queryFn: () => fetchShare(jobId!), enabled: false });
  const busy = pending || (jobId !== null && running(current.data));

  const open = () => {
    setError(null);
    setCopied(false);
    if (!busy) {
      setJobId(null);
      setPassphrase(suggestPassphrase());
    }
    void queryClient.invalidateQueries({ queryKey: ['shares-of-bundle', bundleId] });
    dialog.current?.showModal();
  };
  const close = () => dialog.current?.close();

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(passphrase);
      setCopied(true);
    } catch {
      setError('Copying was refused by the browser: select the passphrase and copy it by hand.');
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    setJobId(null);
    try {
      const body = { ...(mode === 'passphrase' ? { passphrase } : { recipient: recipient.trim() }), ...(purpose.trim() ? { purpose: purpose.trim() } : {}) };
      const res = await fetch(`/api/share/${encodeURIComponent(bundleId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const data = (await res.json().catch(() => null)) as (ShareJobView & { error?: string }) | null;
      if (!res.ok || !data) {
        setError(data?.error ?? `The bundle could not be shared (HTTP ${res.status}).`);
        return;
      }
      queryClient.setQueryData(['share-job', data.id], data);
      setJobId(data.id);
    } catch {
      setError('The server could not be reached. Try again.');
    } finally {
      setPending(false);
    }
  };

  const radio = (value: Mode, label: string) => (
    <label className="flex items-center gap-1.5 text-sm text-slate-700">
      <input type="radio" name={`${ids}-mode`} value={value} checked={mode === value} onChange={() => setMode(value)} className="text-brand-600 focus:ring-brand-500" />
      {label}
    </label>
  );

  return (
    <>
      <Button variant="secondary" size="sm" onClick={open} data-testid="share-bundle">
        Share externally
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`${ids}-title`}
        className="w-[calc(100%-2rem)] max-w-md rounded-lg bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"

      >
        <form onSubmit={submit} className="space-y-4 p-5">
          <div>
            <h2 id={`${ids}-title`} className="text-base font-semibold text-slate-900">
              Share externally
            </h2>
            <p className="mt-1 text-xs text-slate-500">
              Prepares an <a className="underline" href="https://age-encryption.org" target="_blank" rel="noreferrer">age</a>-encrypted copy of this
              bundle with personal data replaced by <code>[redacted:…]</code> markers, plus its inspection report, in the background; then only you can
              download it, for a limited time. Starting the share and every download are recorded in the audit log.
            </p>
          </div>

          <fieldset className="flex gap-4">
            <legend className="sr-only">Encrypt for</legend>
            {radio('passphrase', 'A passphrase')}
            {radio('recipient', 'An age public key')}
          </fieldset>

          {mode === 'passphrase' ? (
            <Field
              label="Passphrase"
              htmlFor={`${ids}-passphrase`}
              hint="12 to 200 characters. Send it to the recipient by another channel than the file; it is not stored."
            >
              <div className="flex gap-2">
                <Input
                  id={`${ids}-passphrase`}
                  value={passphrase}
                  onChange={(e) => {
                    setPassphrase(e.target.value);
                    setCopied(false);
                  }}
                  minLength={12}
                  maxLength={200}
                  required
                  autoComplete="off"
                  spellCheck={false}
                  className="font-mono"
                />
                <Button variant="secondary" size="md" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
                <Button
                  variant="ghost"
                  size="md"
                  onClick={() => {
                    setPassphrase(suggestPassphrase());
                    setCopied(false);
                  }}
                  title="Suggest another passphrase"
                >
                  New
                </Button>
              </div>
            </Field>
          ) : (
            <Field label="Recipient's age public key" htmlFor={`${ids}-recipient`} hint={<>From <code>age-keygen</code>: starts with <code>age1</code>, 62 characters.</>}>
              <Input
                id={`${ids}-recipient`}
                value={recipient}
                onChange={(e) => setRecipient(e.target.value)}
                placeholder="age1…"
                required
                autoComplete="off"
                spellCheck={false}
                className="font-mono"
              />
            </Field>
          )}

          <Field label="Purpose (optional, recorded in the audit log)" htmlFor={`${ids}-purpose`}>
            <Input id={`${ids}-purpose`} value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={500} placeholder="e.g. escalation to the MTA vendor" />
          </Field>

          <FormError message={error} />
          {jobId && <ShareProgress jobId={jobId} />}

          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              {jobId ? 'Close' : 'Cancel'}
            </Button>
            <Button type="submit" disabled={busy}>
              {pending ? 'Starting…' : busy ? 'Preparing…' : jobId ? 'Share again' : 'Prepare encrypted bundle'}
            </Button>
          </div>
          <EarlierShares bundleId={bundleId} current={jobId} />
        </form>
      </dialog>
    </>
  );
}
