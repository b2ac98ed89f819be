// Web Worker started by the trace page's inline script (app/(console)/bundles/[id]/trace/page.tsx)
// while the HTML is still being parsed, seconds before the app's own scripts run on a slow laptop:
// downloads the timeline skeleton named by the message (the browser inflates it) and hands the
// bytes to the page without copying. components/trace/skeleton-loader.ts takes them from there.
// Plain JavaScript, served as is: it must not wait for the app's bundles.
onmessage = async (e) => {
  try {
    const res = await fetch(e.data);
    // A refusal is left to the loader, which asks again and reports the server's message.
    if (!res.ok) return postMessage(null);
    const raw = await res.arrayBuffer();
    postMessage(raw, [raw]);
  } catch {
    postMessage(null);
  }
};
