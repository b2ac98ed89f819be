// The skeleton download the trace page starts from an inline script in its HTML, before the app's
// scripts load (public/skeleton-download.js does it in a worker). The script leaves its promise on
// `window`; the skeleton loader takes it, once, for the bundle it names.

interface EarlyDownload {
  url: string;
  /** The skeleton's bytes, or null when the download failed (the loader then tries itself). */
  bytes: Promise<ArrayBuffer | null>;
}

declare global {
  interface Window {
    __x400Skeleton?: EarlyDownload;
  }
}

/** The inline script: starts the worker for `url` and leaves its answer on `window`. */
export function earlyDownloadScript(url: string): string {
  return `(function(){try{var u=${JSON.stringify(url)},m=function(n){performance.mark&&performance.mark(n)},w=new Worker('/skeleton-download.js',{name:'timeline-skeleton-download'});m('x400:early-start');window.__x400Skeleton={url:u,bytes:new Promise(function(r){w.onmessage=function(e){m('x400:early-bytes');r(e.data);w.terminate()};w.onerror=function(e){e.preventDefault();r(null)}})};w.postMessage(u)}catch(e){}})()`;
}

/** The early download of `url`, if the page started one and it was not taken yet. */
export function takeEarlyDownload(url: string): Promise<ArrayBuffer | null> | null {
  if (typeof window === 'undefined') return null;
  const early = window.__x400Skeleton;
  if (!early || early.url !== url) return null;
  delete window.__x400Skeleton;
  return early.bytes;
}
