// A second rewrite thread for a share whose inspection is on record (the main thread then has
// nothing to do): the rewrite thread hands it runs of array elements (spans, mostly) over a
// MessagePort and emits its answers in their place (JsonRedactor with a RewriteHelper). Each run
// is rewritten as in place, with its array's key context, by the same rewriter.

import type { MessagePort } from 'node:worker_threads';
import { AppError, type AppErrorCode } from '@/lib/errors';
import { rewriteElements, StringRedactor, type RedactionCounts, type RewriteHelper } from './redactor';

/**
 * Runs sent and not yet answered, at most: the rewrite thread reads the rest itself, so neither
 * thread waits on the other. Each run is what one input chunk (512 KiB inflated) holds.
 */
const MAX_QUEUED = 3;

type HelperRequest = { id: number; entry: string; ctx: string | null; elements: Uint8Array };
type HelperAnswer =
  | { id: number; bytes: Uint8Array; counts: RedactionCounts }
  | { id: number; code: AppErrorCode | null; message: string };

/** The rewrite thread's side: a RewriteHelper that sends its runs through `port`. */
export function helperOver(port: MessagePort): RewriteHelper {
  let nextId = 0;
  const waiting = new Map<number, { resolve(answer: { bytes: Buffer; counts: RedactionCounts }): void; reject(error: Error): void }>();
  port.on('message', (answer: HelperAnswer) => {
    const w = waiting.get(answer.id);
    if (!w) return;
    waiting.delete(answer.id);
    if ('bytes' in answer) w.resolve({ bytes: Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.length), counts: answer.counts });
    else w.reject(answer.code ? new AppError(answer.code, answer.message) : new Error(answer.message));
  });
  return {
    ready: () => waiting.size < MAX_QUEUED,
    rewrite(entry, ctx, elements) {
      const id = nextId++;
      // A copy of its own, moved to the other thread rather than copied again.
      const owned = new Uint8Array(elements);
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        port.postMessage({ id, entry, ctx, elements: owned } satisfies HelperRequest, [owned.buffer]);
      });
    },
  };
}

/** The helper thread's side: answers each run with its rewrite and the markers it wrote. */
export function serveRewrites(port: MessagePort): void {
  const strings = new StringRedactor();
  port.on('message', (req: HelperRequest) => {
    let answer: HelperAnswer;
    let transfer: ArrayBuffer[] = [];
    try {
      const before = strings.snapshot();
      const out = new Uint8Array(rewriteElements(strings, req.entry, req.ctx, Buffer.from(req.elements.buffer, req.elements.byteOffset, req.elements.length)));
      answer = { id: req.id, bytes: out, counts: strings.since(before) };
      transfer = [out.buffer];
    } catch (error) {
      answer = { id: req.id, code: error instanceof AppError ? error.code : null, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer, transfer);
  });
}
