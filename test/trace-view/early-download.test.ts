import { afterEach, describe, expect, it } from 'vitest';
import { earlyDownloadScript, takeEarlyDownload } from '@/components/trace/early-download';

// The page's inline script leaves its download on `window`; the loader takes it once, for its URL.
describe('early skeleton download', () => {
  const g = globalThis as { window?: unknown };
  afterEach(() => delete g.window);

  it('is handed out once, and only for the URL it downloads', async () => {
    const bytes = new ArrayBuffer(8);
    g.window = { __x400Skeleton: { url: '/api/bundles/a/skeleton', bytes: Promise.resolve(bytes) } };
    expect(takeEarlyDownload('/api/bundles/b/skeleton')).toBeNull();
    await expect(takeEarlyDownload('/api/bundles/a/skeleton')).resolves.toBe(bytes);
    expect(takeEarlyDownload('/api/bundles/a/skeleton')).toBeNull();
  });

  it('the script starts the download worker with the URL as a JSON string', () => {
    const posted: unknown[] = [];
    const win: { __x400Skeleton?: { url: string } } = {};
    class FakeWorker {
      onmessage: unknown = null;
      onerror: unknown = null;
      constructor(readonly src: string) {
        expect(src).toBe('/skeleton-download.js');
      }
      postMessage(m: unknown) {
        posted.push(m);
      }
    }
    new Function('window', 'Worker', earlyDownloadScript('/api/bundles/x"y/skeleton'))(win, FakeWorker);
    expect(posted).toEqual(['/api/bundles/x"y/skeleton']);
    expect(win.__x400Skeleton?.url).toBe('/api/bundles/x"y/skeleton');
  });
});
