// Shared by skeleton-loader.ts (the page) and skeleton.worker.ts: the skeleton's address, how a
// refused download reads, and what the worker answers.
import type { PreparedSkeleton } from '@/lib/trace-view/prepare';

/** `ms`: the worker's own download and preparation times, and when the request reached it (ms
 * since the worker started): bench:ui's timings. */
export type SkeletonReply = { ok: true; prepared: PreparedSkeleton; ms: { download: number; prepare: number; received: number } } | { ok: false; error: string };

export const skeletonUrl = (bundleId: string) => `/api/bundles/${encodeURIComponent(bundleId)}/skeleton`;

/** The error an answer other than 200 stands for: the server's message when it sent one. */
export async function downloadFailure(res: Response): Promise<Error> {
  return new Error(((await res.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${res.status}`);
}
