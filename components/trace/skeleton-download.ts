// Shared by skeleton-loader.ts (the page) and skeleton.worker.ts: the skeleton's address, its
// download, and what the worker answers.
import type { PreparedSkeleton } from '@/lib/trace-view/prepare';

/** `ms`: the worker's own download and preparation times, and when the request reached it (ms
 * since the worker started): bench:ui's timings. */
export type SkeletonReply = { ok: true; prepared: PreparedSkeleton; ms: { download: number; prepare: number; received: number } } | { ok: false; error: string };

export const skeletonUrl = (bundleId: string) => `/api/bundles/${encodeURIComponent(bundleId)}/skeleton`;
/** The skeleton's span ids (lib/trace-view/skeleton.ts: they are sent apart). */
export const spanIdsUrl = (bundleId: string) => `${skeletonUrl(bundleId)}?part=ids`;

/** The skeleton's bytes (inflated by the browser); a refusal throws the server's message. */
export async function downloadSkeleton(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${res.status}`);
  return res.arrayBuffer();
}
