'use client';
// Drag a bundle in (or pick it): a real progress bar for the upload, then for the processing.
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { precheckBundleFile, type BrowserPrecheck } from './bundle-precheck';
import { BundlePrecheckCard } from './bundle-precheck-card';

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; fileName: string; loaded: number; total: number; jobId: string }
  | { kind: 'processing'; fileName: string; jobId: string }
  | { kind: 'done'; fileName: string; message: string }
  | { kind: 'failed'; fileName: string; message: string };

interface UploadAnswer {
  status?: 'stored' | 'duplicate' | 'rejected';
  message?: string;
  error?: string;
}

function Bar({ value, label }: { value: number; label: string }) {
  return (
    <div>
      <div className="mb-1 flex justify-between text-xs text-slate-600">
        <span>{label}</span>
        <span className="tabular-nums">{Math.round(value * 100)}%</span>
      </div>
      <div className="h-1.5 overflow-hidden rounded bg-slate-200" role="progressbar" aria-label={label} aria-valuenow={Math.round(value * 100)} aria-valuemin={0} aria-valuemax={100}>
        <div className="h-full bg-brand-500 transition-[width]" style={{ width: `${Math.min(100, value * 100)}%` }} />
      </div>
    </div>
  );
}

export function BundleUploader({ ticketId }: { ticketId: number }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const jobId = phase.kind === 'uploading' || phase.kind === 'processing' ? phase.jobId : null;
  const job = useQuery({
    queryKey: ['ingest-job', jobId],
    enabled: phase.kind === 'processing',
    refetchInterval: 300,
    queryFn: async () => (await fetch(`/api/ingest/${jobId}`)).json() as Promise<{ progress?: number; stage?: string }>,
  });

  const [checked, setChecked] = useState<BrowserPrecheck | null>(null);
  // Read in the browser first: a non-bundle or a wrong name is refused before any byte is sent.
  const upload = async (file: File) => {
    const check = await precheckBundleFile(file);
    setChecked(check);
    if (!check.ok) {
      setPhase({ kind: 'failed', fileName: file.name, message: check.reason });
      return;
    }
    const id = crypto.randomUUID();
    setPhase({ kind: 'uploading', fileName: file.name, loaded: 0, total: file.size, jobId: id });
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/tickets/${ticketId}/bundles?name=${encodeURIComponent(file.name)}&job=${id}`);
    xhr.setRequestHeader('content-type', 'application/zip');
    xhr.upload.onprogress = (e) => setPhase({ kind: 'uploading', fileName: file.name, loaded: e.loaded, total: e.total || file.size, jobId: id });
    xhr.upload.onload = () => setPhase({ kind: 'processing', fileName: file.name, jobId: id });
    xhr.onload = () => {
      let answer: UploadAnswer = {};
      try {
        answer = JSON.parse(xhr.responseText) as UploadAnswer;
      } catch {
        answer = { error: `The server answered ${xhr.status}.` };
      }
      if (xhr.status >= 200 && xhr.status < 300) setPhase({ kind: 'done', fileName: file.name, message: answer.message ?? 'Stored.' });
      else setPhase({ kind: 'failed', fileName: file.name, message: answer.error ?? `The server answered ${xhr.status}.` });
      router.refresh();
    };
    xhr.onerror = () => setPhase({ kind: 'failed', fileName: file.name, message: 'The upload was interrupted (network error).' });
    xhr.send(file);
  };

  const busy = phase.kind === 'uploading' || phase.kind === 'processing';
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
          const file = e.dataTransfer.files[0];
          if (file && !busy) void upload(file);
        }}
        data-testid="bundle-dropzone"
        className={`flex flex-col items-center justify-center rounded-lg border-2 border-dashed px-4 py-5 text-center text-sm ${dragging ? 'border-brand-500 bg-brand-50' : 'border-slate-300 bg-slate-50'}`}
      >
        <p className="text-slate-700">
          Drop a <code className="font-mono text-xs">trace-&lt;timestamp&gt;-&lt;channel&gt;.zip</code> here, or{' '}
          <button type="button" className="font-medium text-brand-600 hover:underline" onClick={() => input.current?.click()} disabled={busy}>
            choose a file
          </button>
        </p>
        <p className="mt-0.5 text-xs text-slate-500">Only metadata.json is read until telemetry consent is confirmed below.</p>
        <input
          ref={input}
          type="file"
          accept=".zip,application/zip"
          className="sr-only"
          aria-label="Bundle file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
            e.target.value = '';
          }}
        />
      </div>
      {checked && <BundlePrecheckCard check={checked} ticketId={ticketId} />}
      {phase.kind === 'uploading' && <Bar value={phase.total ? phase.loaded / phase.total : 0} label={`Uploading ${phase.fileName}`} />}
      {phase.kind === 'processing' && <Bar value={job.data?.progress ?? 0} label={`Checking ${phase.fileName}${job.data?.stage ? ` (${job.data.stage})` : ''}`} />}
      {phase.kind === 'done' && <p role="status" className="text-sm text-emerald-700">{phase.fileName}: {phase.message}</p>}
      {phase.kind === 'failed' && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-inset ring-red-200">
          {phase.fileName} was refused: {phase.message}
        </p>
      )}
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
