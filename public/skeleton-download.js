// Web Worker started by the trace page's inline script (app/(console)/bundles/[id]/trace/page.tsx)
// while the HTML is still being parsed, seconds before the app's own scripts run on a slow laptop,
// and by the skeleton loader for the span ids: downloads each address of the message in turn (the
// browser inflates them) and hands each one's bytes to the page without copying, as
// `{ index, raw }` (raw null when it failed). components/trace/skeleton-loader.ts takes them.
// One after the other, so the span ids never slow the skeleton the page waits for.
// Plain JavaScript, served as is: it must not wait for the app's bundles.
onmessage = async (e) => {
  const urls = Array.isArray(e.data) ? e.data : [e.data];
  for (let index = 0; index < urls.length; index++) {
    try {
      const res = await fetch(urls[index]);
      // A refusal is left to the loader, which asks again and reports the server's message.
      if (!res.ok) {
        postMessage({ index, raw: null });
        continue;
      }
      const raw = await res.arrayBuffer();
      postMessage({ index, raw }, [raw]);
    } catch {
      postMessage({ index, raw: null });
    }
  }
};
