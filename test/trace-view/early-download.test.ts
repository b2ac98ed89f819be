import { afterEach, describe, expect, it } from 'vitest';
import { earlyDownloadScript, takeEarlyDownload } from '@/components/trace/early-download';

// The page's inline script leaves its download on `window`; the loader takes it once, for its URL.
describe('early skeleton download', () => {
  const g = globalThis as { window?: unknown };
  afterEach(() => delete g.window);

  it('is handed out once, and only for the URL it downloads', async () => {
    const bytes = new ArrayBuffer(8);
    const ids = new ArrayBuffer(16);
    g.window = { __x400Skeleton: { url: '/api/bundles/a/skeleton', bytes: Promise.resolve(bytes), ids: Promise.resolve(ids) } };
    expect(takeEarlyDownload('/api/bundles/b/skeleton')).toBeNull();
    const early = takeEarlyDownload('/api/bundles/a/skeleton');
    await expect(early?.bytes).resolves.toBe(bytes);
    await expect(early?.ids).resolves.toBe(ids);
    expect(takeEarlyDownload('/api/bundles/a/skeleton')).toBeNull();
  });

  it('the script starts the download worker with the skeleton then its ids, URLs as JSON strings, and hands out each answer', async () => {
    const posted: unknown[] = [];
    const win: { __x400Skeleton?: { url: string; bytes: Promise<ArrayBuffer | null>; ids: Promise<ArrayBuffer | null> } } = {};
    const workers: FakeWorker[] = [];
    let terminated = false;
    class FakeWorker {
      onmessage: ((e: { data: unknown }) => void) | null = null;
      onerror: unknown = null;
      constructor(readonly src: string) {
        expect(src).toBe('/skeleton-download.js');
        workers.push(this);
      }
      postMessage(m: unknown) {
        posted.push(m);
      }
      terminate() {
        terminated = true;
      }
    }
    new Function('window', 'Worker', 'performance', earlyDownloadScript('/api/bundles/x"y/skeleton', '/api/bundles/x"y/skeleton?part=ids'))(win, FakeWorker, { mark() {} });
    expect(posted).toEqual([['/api/bundles/x"y/skeleton', '/api/bundles/x"y/skeleton?part=ids']]);
    expect(win.__x400Skeleton?.url).toBe('/api/bundles/x"y/skeleton');
    const tree = new ArrayBuffer(8);
    const ids = new ArrayBuffer(16);
    const [worker] = workers;
    worker.onmessage!({ data: { index: 0, raw: tree } });
    await expect(win.__x400Skeleton!.bytes).resolves.toBe(tree);
    expect(terminated).toBe(false);
    worker.onmessage!({ data: { index: 1, raw: ids } });
    await expect(win.__x400Skeleton!.ids).resolves.toBe(ids);
    expect(terminated).toBe(true);
  });
});
