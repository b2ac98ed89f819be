// The skeleton download the trace page starts from an inline script in its HTML, before the app's
// scripts load (public/skeleton-download.js does it in a worker): the skeleton, then its span ids.
// The script leaves its promises on `window`; the skeleton loader takes them, once, for the bundle
// it names.

export interface EarlyDownload {
  url: string;
  /** The skeleton's bytes, or null when the download failed (the loader then tries itself). */
  bytes: Promise<ArrayBuffer | null>;
  /** Its span ids' bytes, downloaded after it; null as above. */
  ids: Promise<ArrayBuffer | null>;
}

declare global {
  interface Window {
    __x400Skeleton?: EarlyDownload;
  }
}

/** The inline script: starts the worker for `url` and then `idsUrl`, and leaves its answers on `window`. */
export function earlyDownloadScript(url: string, idsUrl: string): string {
  return `(function(){try{var u=${JSON.stringify(url)},v=${JSON.stringify(idsUrl)},m=function(n){performance.mark&&performance.mark(n)},w=new Worker('/skeleton-download.js',{name:'timeline-skeleton-download'}),r=[],p=[0,1].map(function(){return new Promise(function(s){r.push(s)})});m('x400:early-start');w.onmessage=function(e){var k=e.data.index;if(k===0)m('x400:early-bytes');r[k](e.data.raw);if(k===1)w.terminate()};w.onerror=function(e){e.preventDefault();r[0](null);r[1](null)};window.__x400Skeleton={url:u,bytes:p[0],ids:p[1]};w.postMessage([u,v])}catch(e){}})()`;
}

/** The early download of `url` (and its ids), if the page started one and it was not taken yet. */
export function takeEarlyDownload(url: string): EarlyDownload | null {
  if (typeof window === 'undefined') return null;
  const early = window.__x400Skeleton;
  if (!early || early.url !== url) return null;
  delete window.__x400Skeleton;
  return early;
}
