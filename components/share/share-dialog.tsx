'use client';
// "Share externally": asks for a passphrase (a strong one is suggested) or an age public key,
// then downloads the encrypted, sanitized bundle from POST /api/share/[bundleId].
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

function fileNameFrom(disposition: string | null, fallback: string): string {
  const m = /filename="?([^";]+)"?/i.exec(disposition ?? '');
  return m ? m[1] : fallback;
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
  const [done, setDone] = useState<string | null>(null);

  const open = () => {
    setError(null);
    setDone(null);
    setCopied(false);
    setPassphrase(suggestPassphrase());
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
    setDone(null);
    try {
      const body = { ...(mode === 'passphrase' ? { passphrase } : { recipient: recipient.trim() }), ...(purpose.trim() ? { purpose: purpose.trim() } : {}) };
      const res = await fetch(`/api/share/${encodeURIComponent(bundleId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) {
        const data = (await res.json().catch(() => null)) as { error?: string } | null;
        setError(data?.error ?? `The bundle could not be shared (HTTP ${res.status}).`);
        return;
      }
      const name = fileNameFrom(res.headers.get('content-disposition'), `${bundleId}.sanitized.zip.age`);
      download(await res.blob(), name);
      setDone(name);
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
        onClose={() => setPending(false)}
      >
        <form onSubmit={submit} className="space-y-4 p-5">
          <div>
            <h2 id={`${ids}-title`} className="text-base font-semibold text-slate-900">
              Share externally
            </h2>
            <p className="mt-1 text-xs text-slate-500">
              Downloads an <a className="underline" href="https://age-encryption.org" target="_blank" rel="noreferrer">age</a>-encrypted copy of this
              bundle with personal data replaced by <code>[redacted:…]</code> markers, plus its inspection report. The share is recorded in the audit log.
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
          {done && (
            <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 ring-1 ring-inset ring-green-200">
              Downloaded {done}. {mode === 'passphrase' ? 'Decrypt with: age -d -o bundle.zip ' : 'Decrypt with: age -d -i key.txt -o bundle.zip '}
              {done}
            </p>
          )}

          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              {done ? 'Close' : 'Cancel'}
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? 'Sanitizing and encrypting…' : 'Download encrypted bundle'}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
