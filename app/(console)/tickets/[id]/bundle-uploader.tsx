'use client';
// Drag bundles in (several at once) or pick them: each file gets its own progress bar for the
// upload, then for the server's checks. Leaving the page mid-upload asks first; if the page is
// reloaded anyway, the next visit says which files did not arrive.
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { linkBundleAction } from '../bundle-actions';
import { precheckBundleFile, type BrowserPrecheck } from './bundle-precheck';
import { BundlePrecheckCard } from './bundle-precheck-card';

type Phase = 'waiting' | 'uploading' | 'processing' | 'done' | 'failed';

interface Upload {
  key: string;
  fileName: string;
  phase: Phase;
  loaded: number;
  total: number;
  jobId: string;
  message?: string;
  warning?: string;
  /** A duplicate that lives on another ticket: it can be linked here too. */
  onTicket?: number;
  bundleId?: string;
  linked?: boolean;
  /** What the browser read from the file before sending it (bundle-precheck.ts). */
  check?: BrowserPrecheck;
}

interface UploadAnswer {
  status?: 'stored' | 'duplicate' | 'rejected';
  message?: string;
  warning?: string;
  error?: string;
  onTicket?: number;
  bundleId?: string;
}

/** Uploads at once; the rest wait their turn (the server parses one bundle at a time anyway). */
const PARALLEL = 2;
const PENDING_KEY = (ticketId: number) => `x400-uploads-in-flight-${ticketId}`;

function Bar({ value, label }: { value: number; label: string }) {
  return (
    <div>
      <div className="mb-1 flex justify-between gap-2 text-xs text-slate-600">
        <span className="min-w-0 break-all">{label}</span>
        <span className="tabular-nums">{Math.round(value * 100)}%</span>
      </div>
      <div className="h-1.5 overflow-hidden rounded bg-slate-200" role="progressbar" aria-label={label} aria-valuenow={Math.round(value * 100)} aria-valuemin={0} aria-valuemax={100}>
        <div className="h-full bg-brand-500 transition-[width]" style={{ width: `${Math.min(100, value * 100)}%` }} />
      </div>
    </div>
  );
}

function JobProgress({ upload }: { upload: Upload }) {
  const job = useQuery({
    queryKey: ['ingest-job', upload.jobId],
    refetchInterval: 300,
    queryFn: async () => {
      const res = await fetch(`/api/ingest/${upload.jobId}`);
      return (await res.json()) as { progress?: number; stage?: string };
    },
  });
  return <Bar value={job.data?.progress ?? 0} label={`Checking ${upload.fileName}${job.data?.stage ? ` (${job.data.stage})` : ''}`} />;
}

function UploadRow({ upload, ticketId, onLinked }: { upload: Upload; ticketId: number; onLinked: () => void }) {
  const [linkError, setLinkError] = useState<string | null>(null);
  const [linking, setLinking] = useState(false);
  switch (upload.phase) {
    case 'waiting':
      return <p className="text-xs text-slate-500">{upload.fileName}: waiting to upload…</p>;
    case 'uploading':
      return <Bar value={upload.total ? upload.loaded / upload.total : 0} label={`Uploading ${upload.fileName}`} />;
    case 'processing':
      return <JobProgress upload={upload} />;
    case 'failed':
      return (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-inset ring-red-200">
          {upload.fileName} was refused: {upload.message}
        </p>
      );
    case 'done':
      return (
        <div role="status" className="space-y-1 text-sm text-emerald-700" data-testid="upload-done">
          <p>
            {upload.fileName}: {upload.message}
          </p>
          {upload.warning && <p className="text-amber-700">{upload.warning}</p>}
          {upload.onTicket !== undefined && upload.bundleId && !upload.linked && (
            <p className="flex flex-wrap items-center gap-2 text-slate-700">
              <a href={`/tickets/${upload.onTicket}`} className="text-brand-600 hover:underline">Open ticket #{upload.onTicket}</a>
              <Button
                size="sm"
                variant="secondary"
                disabled={linking}
                data-testid="link-duplicate"
                onClick={async () => {
                  setLinking(true);
                  const result = await linkBundleAction({ ticketId, bundleId: upload.bundleId! });
                  setLinking(false);
                  if (result.ok) onLinked();
                  else setLinkError(result.error);
                }}
              >
                Link it to this ticket too
              </Button>
              {linkError && <span className="text-red-700">{linkError}</span>}
            </p>
          )}
          {upload.linked && <p className="text-slate-700">Linked here; it stays on ticket #{upload.onTicket} too.</p>}
        </div>
      );
  }
}

export function BundleUploader({ ticketId }: { ticketId: number }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [lost, setLost] = useState<string[]>([]);
  const queue = useRef<{ key: string; file: File }[]>([]);
  const running = useRef(0);
  const busy = uploads.some((u) => u.phase === 'uploading' || u.phase === 'processing' || u.phase === 'waiting');

  const update = (key: string, changes: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...changes } : u)));

  // Files whose upload was cut by a reload or a closed tab: say so once, then forget them.
  useEffect(() => {
    const raw = sessionStorage.getItem(PENDING_KEY(ticketId));
    if (!raw) return;
    sessionStorage.removeItem(PENDING_KEY(ticketId));
    try {
      const names = JSON.parse(raw) as string[];
      if (Array.isArray(names) && names.length) setLost(names.map(String));
    } catch {
      /* unreadable: nothing to say */
    }
  }, [ticketId]);

  // While anything is in flight, the browser asks before leaving, and the names are kept so the
  // next visit can say they did not arrive.
  useEffect(() => {
    const inFlight = uploads.filter((u) => u.phase === 'uploading' || u.phase === 'waiting').map((u) => u.fileName);
    if (inFlight.length) sessionStorage.setItem(PENDING_KEY(ticketId), JSON.stringify(inFlight));
    else sessionStorage.removeItem(PENDING_KEY(ticketId));
    if (!inFlight.length) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [uploads, ticketId]);

  const pump = () => {
    while (running.current < PARALLEL && queue.current.length) {
      const next = queue.current.shift()!;
      running.current++;
      void send(next.key, next.file);
    }
  };

  const send = async (key: string, file: File) => {
    // Read in the browser first: a non-bundle or a wrong name is refused before any request.
    const check = await precheckBundleFile(file);
    if (!check.ok) {
      update(key, { phase: 'failed', message: check.reason, check });
      running.current--;
      pump();
      return;
    }
    update(key, { check });
    const jobId = crypto.randomUUID();
    update(key, { phase: 'uploading', jobId, loaded: 0, total: file.size });
    const finish = (changes: Partial<Upload>) => {
      update(key, changes);
      running.current--;
      pump();
      router.refresh();
    };
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/tickets/${ticketId}/bundles?name=${encodeURIComponent(file.name)}&job=${jobId}`);
    xhr.setRequestHeader('content-type', 'application/zip');
    xhr.upload.onprogress = (e) => update(key, { loaded: e.loaded, total: e.total || file.size });
    xhr.upload.onload = () => update(key, { phase: 'processing' });
    xhr.onload = () => {
      let answer: UploadAnswer = {};
      try {
        answer = JSON.parse(xhr.responseText) as UploadAnswer;
      } catch {
        answer = { error: `The server answered ${xhr.status}.` };
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        finish({ phase: 'done', message: answer.message ?? 'Stored.', warning: answer.warning, onTicket: answer.onTicket, bundleId: answer.bundleId });
      } else finish({ phase: 'failed', message: answer.error ?? `The server answered ${xhr.status}.` });
    };
    xhr.onerror = () => finish({ phase: 'failed', message: 'The upload was interrupted (network error).' });
    xhr.send(file);
  };

  const add = (files: FileList | File[]) => {
    const list = [...files];
    if (!list.length) return;
    setLost([]);
    const fresh = list.map((file) => ({ key: crypto.randomUUID(), file }));
    setUploads((prev) => [
      // Finished rows of an earlier batch give way to the new one.
      ...prev.filter((u) => u.phase !== 'done' && u.phase !== 'failed'),
      ...fresh.map(({ key, file }) => ({ key, fileName: file.name, phase: 'waiting' as const, loaded: 0, total: file.size, jobId: '' })),
    ]);
    queue.current.push(...fresh);
    pump();
  };

  return (
    <div className="space-y-2">
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          add(e.dataTransfer.files);
        }}
        data-testid="bundle-dropzone"
        data-busy={busy ? 'true' : undefined}
        className={`flex flex-col items-center justify-center rounded-lg border-2 border-dashed px-4 py-5 text-center text-sm ${dragging ? 'border-brand-500 bg-brand-50' : 'border-slate-300 bg-slate-50'}`}
      >
        <p className="text-slate-700">
          Drop <code className="break-all font-mono text-xs">trace-&lt;timestamp&gt;-&lt;channel&gt;.zip</code> bundles here, or{' '}
          <button type="button" className="font-medium text-brand-600 hover:underline" onClick={() => input.current?.click()}>
            choose files
          </button>
        </p>
        <p className="mt-0.5 text-xs text-slate-500">Several at once is fine. Only metadata.json is read until telemetry consent is confirmed below.</p>
        <input
          ref={input}
          type="file"
          multiple
          accept=".zip,application/zip"
          className="sr-only"
          aria-label="Bundle file"
          onChange={(e) => {
            if (e.target.files) add(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {lost.length > 0 && (
        <p role="alert" data-testid="upload-lost" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-inset ring-amber-200">
          The page was left while uploading: {lost.join(', ')} did not arrive. Upload {lost.length === 1 ? 'it' : 'them'} again.
        </p>
      )}
      <ul className="space-y-2" data-testid="uploads">
        {uploads.map((u) => (
          <li key={u.key} data-file={u.fileName} data-phase={u.phase} className="space-y-1">
            {u.check && u.phase !== 'failed' && <BundlePrecheckCard check={u.check} ticketId={ticketId} />}
            <UploadRow upload={u} ticketId={ticketId} onLinked={() => {
              update(u.key, { linked: true });
              router.refresh();
            }} />
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ParseProgress({ bundleId, initial }: { bundleId: string; initial: number }) {
  const router = useRouter();
  const status = useQuery({
    queryKey: ['bundle-parse', bundleId],
    refetchInterval: (q) => (q.state.data && q.state.data.parseState !== 'parsing' && q.state.data.parseState !== 'pending' ? false : 500),
    queryFn: async () => {
      const data = (await (await fetch(`/api/ingest/bundles/${bundleId}`)).json()) as { parseState: string; progress: number };
      if (data.parseState === 'parsed' || data.parseState === 'failed') router.refresh();
      return data;
    },
  });
  return <Bar value={status.data?.progress ?? initial} label="Parsing trace, snapshot and logs" />;
}
