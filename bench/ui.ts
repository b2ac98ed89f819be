// `npm run bench:ui`: the trace timeline against reference bundles of 10k, 100k and 1M spans.
// Builds the app into its own folder (X400_DIST_DIR, else .next-bench), ingests and parses the bundles into a fresh
// data folder, serves it, and drives headless Chromium: navigation to first painted rows, longest
// main-thread task while scrolling top to bottom and while toggling "errors only", JS heap.
// Prints one line per size: `timeline 100000 spans: first-rows 640 ms, scroll-max-task 45 ms, ...`.
// Then a single trace of BENCH_UI_SINGLE spans (default 1M) with the CPU throttled 4× (as
// Lighthouse emulates a mid-tier laptop): first rows, controls live, viewports scrolled a second
// and the longest task, beside their targets (≤ 1 s, ≤ 1.5 s, ≥ 50/s, ≤ 100 ms).
//   BENCH_UI_SPANS=10000,100000  sizes to run (empty: none)   X400_BENCH_SKIP_BUILD=1  reuse the last build
// The same trace unthrottled is reported too (its controls-live figure is to stay within 0.8 s).
//   BENCH_UI_SINGLE=0  skip the throttled single-trace run    BENCH_UI_THROTTLE=4  the CPU slowdown
//   BENCH_UI_DATA=<dir>  keep the ingested data there and reuse it on the next run (same sizes)
//   BENCH_UI_TRACE=<file.json>  record a Chrome trace of the throttled run (open in chrome://tracing or Perfetto)
//   BENCH_UI_DEBUG=1  print the page's timings and long tasks (2: and every resource's request timings)
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { openDatabase } from '../db/client';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { createUser, signIn, SYSTEM_ACTOR } from '../lib/auth/accounts';
import { generateGatewayTrace, generateSnapshot, writeBundle } from '../test/support/make-bundle';
import { confirmConsent, ingestBundleFile, parseBundle } from '../lib/ingest/service';
import { createTicket } from '../lib/tickets/service';
import { skeletonGz } from '../lib/trace-view/store';
import { buildApp } from '../scripts/build-app.mjs';

const ROOT = resolve(import.meta.dirname ?? '.', '..');
const OUT = join(ROOT, 'bench', '.out');
const DIST = process.env.X400_DIST_DIR || '.next-bench';
const PORT = Number(process.env.BENCH_UI_PORT ?? 3491);
const SIZES = (process.env.BENCH_UI_SPANS ?? '10000,100000,1000000').split(',').map(Number).filter((n) => n > 0);
const SINGLE = Number(process.env.BENCH_UI_SINGLE ?? 1_000_000);
const THROTTLE = Number(process.env.BENCH_UI_THROTTLE ?? 4);
/** The kept data's version (BENCH_UI_DATA): 2 gave the single trace random span ids. */
const DATA_VERSION = 2;

/** A bijection on 32-bit integers (a hash finaliser): distinct inputs, random-looking outputs. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}
const hex32 = (x: number) => x.toString(16).padStart(8, '0');

/** One OTLP trace of `spans` spans: a complete 10-ary tree (depth ~6 at 1M), services by depth. */
function* singleTrace(spans: number): Generator<string> {
  const t0 = BigInt(Date.parse('2026-11-26T21:30:00Z')) * 1_000_000n;
  const start = new Float64Array(spans);
  const depth = new Uint8Array(spans);
  const services = ['x400-gateway', 'x400-queue', 'x400-mta', 'x400-directory', 'x400-store', 'x400-relay', 'x400-audit'];
  const names = ['gateway.inbound', 'queue.dispatch', 'mta.transfer', 'directory.lookup', 'store.write', 'relay.hop', 'audit.append'];
  // Span ids look like real ones (random 64-bit hex): sequential ids compress ten times better, and
  // made the skeleton's download 3.8 MB instead of the ~9.5 MB a real 1M-span trace costs.
  const id = (i: number) => hex32(mix32(i + 1)) + hex32(mix32(i + 0x9e3779b9));
  const traceId = '5ca1ab1e'.repeat(4);
  yield '{"resourceSpans":[';
  const batch = 20_000;
  for (let from = 0; from < spans; from += batch) {
    yield `${from ? ',' : ''}{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"x400-gateway"}}]},"scopeSpans":[{"scope":{"name":"bench"},"spans":[`;
    for (let i = from; i < Math.min(spans, from + batch); i++) {
      const parent = i === 0 ? -1 : Math.floor((i - 1) / 10);
      depth[i] = parent < 0 ? 0 : depth[parent]! + 1;
      start[i] = parent < 0 ? 0 : start[parent]! + ((i - 1) % 10) * 10 ** (6 - depth[i]!);
      const dur = 10 ** (7 - depth[i]!);
      const s = t0 + BigInt(Math.round(start[i]!)) * 1000n;
      const err = i % 997 === 0 ? ',"status":{"code":2}' : '';
      yield `${i > from ? ',' : ''}{"traceId":"${traceId}","spanId":"${id(i)}"${parent >= 0 ? `,"parentSpanId":"${id(parent)}"` : ''},"name":"${names[depth[i]! % names.length]}","kind":1,"startTimeUnixNano":"${s}","endTimeUnixNano":"${s + BigInt(dur) * 1000n}","attributes":[{"key":"x400.service.tier","value":{"stringValue":"${services[depth[i]! % services.length]}"}}]${err}}`;
    }
    yield ']}]}';
  }
  yield ']}';
}

function singleTraceBundle(spans: number): { path: string; fileName: string } {
  const dir = join(OUT, `ui-single-v${DATA_VERSION}-${spans}`);
  const fileName = 'trace-20261126T215803Z-cli.zip';
  if (!existsSync(join(dir, 'ready'))) {
    mkdirSync(dir, { recursive: true });
    writeBundle(dir, { snapshot: generateSnapshot({ pointsPerSeries: 100, seed: 3 }), trace: singleTrace(spans) });
    writeFileSync(join(dir, 'ready'), '');
  }
  return { path: join(dir, fileName), fileName };
}

/** On a throttled CPU: first rows, controls live, viewports scrolled per second (one per frame at best), longest task. */
async function measureThrottled(page: Page, url: string, rate: number) {
  const { cdp, firstRows, live } = await openTimeline(page, url, rate);
  if (process.env.BENCH_UI_DEBUG) await logTimings(cdp);
  await page.waitForTimeout(1000);
  // Expand everything, then scroll one viewport per frame for 120 frames.
  if (process.env.BENCH_UI_DEBUG) log(`expand all clicked at ${Math.round(await inPage<number>(cdp, 'performance.now()'))} ms`);
  await inPage(cdp, `document.querySelector('[data-testid="expand-all"]').click()`);
  await page.waitForTimeout(1500);
  const scroll = await inPage<number>(cdp, `(async () => {
    const el = document.querySelector('[role="treegrid"]');
    const t0 = performance.now();
    let moved = 0;
    for (let i = 0; i < 120; i++) {
      el.scrollTop += el.clientHeight;
      moved++;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
    return moved / ((performance.now() - t0) / 1000);
  })()`);
  if (process.env.BENCH_UI_DEBUG) log(`long tasks up to the end of the scroll (start, ms): ${JSON.stringify(await inPage(cdp, 'window.__longTasks.map((t) => [Math.round(t.start), Math.round(t.duration)])'))}`);
  const longestTask = await maxTask(cdp, 0, 0);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  return { firstRows: Math.round(firstRows), live: Math.round(live), viewportsPerSecond: Math.round(scroll), longestTask };
}
const PASSWORD = 'bench-ui-password-1';
const log = (msg: string) => process.stderr.write(`  ${msg}\n`);

function referenceBundle(spans: number): { path: string; fileName: string } {
  const dir = join(OUT, `ui-otlp-${spans}`);
  const fileName = 'trace-20261126T215803Z-cli.zip';
  if (!existsSync(join(dir, 'ready'))) {
    mkdirSync(dir, { recursive: true });
    const t0 = performance.now();
    writeBundle(dir, {
      snapshot: generateSnapshot({ pointsPerSeries: 500, seed: spans }),
      trace: generateGatewayTrace({ spans, errorRate: 0.05, seed: spans, startMs: Date.parse('2026-11-26T21:30:00Z') }),
    });
    writeFileSync(join(dir, 'ready'), '');
    log(`generated ${spans} spans in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { path: join(dir, fileName), fileName };
}

async function waitForServer(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('server did not start within 120 s');
}

/** Installed before any page script: records long tasks and when the first rows were painted. */
const INSTRUMENT = `
  window.__longTasks = [];
  window.__frames = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__frames.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration, render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0, layout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0, scripts: e.scripts.map((s) => ({ d: Math.round(s.duration), what: (s.invoker || '') + ' ' + (s.sourceFunctionName || '') + ' ' + (s.sourceURL || '').split('/').pop() + ':' + s.sourceCharPosition })) }); })
      .observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
  window.__whenLive = new Promise((resolve) => {
    new MutationObserver((_, obs) => {
      if (!window.__firstRows && document.querySelector('[data-trace-ready="true"]')) window.__firstRows = performance.now();
      if (document.querySelector('[data-trace-live="true"]')) { window.__live = performance.now(); obs.disconnect(); resolve(); }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-trace-ready', 'data-trace-live'] });
  });
`;

/**
 * Evaluates \`expression\` in the page through the DevTools protocol, awaiting a promise, and returns its value.
 * The measured pages use this instead of Playwright's selectors, waits and evaluate: those inject
 * Playwright's own scripts into the page (its selector engine is ~330 KB of script), evaluated on
 * the page's main thread while it loads: ~85 ms there unthrottled, ~300 ms at 4× CPU, which this
 * bench would have counted as the page's.
 */
async function inPage<T>(cdp: CDPSession, expression: string): Promise<T> {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value as T;
}

/**
 * Opens a DevTools session on the page (with the CPU slowed `rate` times), navigates and waits
 * until the timeline is live: the session, and the first-rows and live times (ms since navigation).
 */
async function openTimeline(page: Page, url: string, rate = 1): Promise<{ cdp: CDPSession; firstRows: number; live: number }> {
  const cdp = await page.context().newCDPSession(page);
  if (rate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.goto(url, { waitUntil: 'commit' });
  const deadline = 300_000;
  const times = await inPage<{ firstRows: number; live: number }>(cdp, `Promise.race([window.__whenLive ?? Promise.reject(new Error('the bench instrumentation is not in this document')), new Promise((_, reject) => setTimeout(() => reject(new Error('the timeline was not live within ${deadline / 1000} s')), ${deadline}))]).then(() => ({ firstRows: window.__firstRows ?? window.__live, live: window.__live }))`);
  return { cdp, ...times };
}

/** Longest long task (>= 50 ms) since `from`, else the longest frame gap seen by rAF (an upper bound). */
async function maxTask(cdp: CDPSession, from: number, frameGap: number): Promise<number> {
  const tasks = await inPage<number[]>(cdp, `window.__longTasks.filter((x) => x.start >= ${from}).map((x) => x.duration)`);
  if (process.env.BENCH_UI_DEBUG) {
    const frames = await inPage<unknown>(cdp, `window.__frames.filter((x) => x.start >= ${from}).sort((a, b) => b.duration - a.duration).slice(0, 3)`);
    log(`slowest frames: ${JSON.stringify(frames)}`);
  }
  return Math.round(tasks.length ? Math.max(...tasks) : frameGap);
}

async function logTimings(cdp: CDPSession) {
  const timings = await inPage<unknown>(cdp, `(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const sk = performance.getEntriesByType('resource').find((e) => e.name.includes('/skeleton'));
    return { responseStart: nav.responseStart, responseEnd: nav.responseEnd, dcl: nav.domContentLoadedEventEnd, skeletonStart: sk && sk.startTime, skeletonResponseStart: sk && sk.responseStart, skeletonEnd: sk && sk.responseEnd, earlyStart: (performance.getEntriesByName('x400:early-start')[0] || {}).startTime, earlyBytes: (performance.getEntriesByName('x400:early-bytes')[0] || {}).startTime, requested: (performance.getEntriesByName('x400:skeleton-requested')[0] || {}).startTime, worker: (performance.getEntriesByName('x400:skeleton-prepared')[0] || {}).detail, decoded: (performance.getEntriesByName('x400:skeleton-decoded')[0] || {}).startTime, painted: (performance.getEntriesByName('x400:rows-painted')[0] || {}).startTime, longTasks: window.__longTasks.map((t) => [Math.round(t.start), Math.round(t.duration)]) };
  })()`);
  log(`timings (ms since navigation): ${JSON.stringify(timings, (_, v) => (typeof v === 'number' ? Math.round(v) : v))}`);
  if (process.env.BENCH_UI_DEBUG === '2') {
    const resources = await inPage<unknown[]>(cdp, `performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, '').slice(0, 60), Math.round(e.startTime), Math.round(e.requestStart), Math.round(e.responseStart), Math.round(e.responseEnd), e.transferSize])`);
    for (const r of resources) log(`  resource ${JSON.stringify(r)}`);
  }
}

/** Unthrottled: when the first rows show and when the controls are live. */
async function measureOpen(page: Page, url: string) {
  const { cdp, firstRows, live } = await openTimeline(page, url);
  if (process.env.BENCH_UI_DEBUG) await logTimings(cdp);
  return { firstRows: Math.round(firstRows), live: Math.round(live) };
}

async function measure(page: Page, url: string) {
  // A hydration mismatch would show here (and cost a client re-render of the page).
  page.on('console', (m) => {
    if (m.type() === 'error') log(`browser console error: ${m.text().slice(0, 300)}`);
  });
  page.on('pageerror', (e) => log(`page error: ${e.message.slice(0, 300)}`));
  // The rows may come with the page's HTML; scrolling and filtering are measured once the timeline
  // runs from the loaded skeleton (data-trace-live).
  const { cdp, firstRows, live } = await openTimeline(page, url);
  log(`first rows at ${Math.round(firstRows)} ms, interactive (skeleton loaded) at ${Math.round(live)} ms`);
  if (process.env.BENCH_UI_DEBUG) await logTimings(cdp);
  await page.waitForTimeout(500);

  // Scroll the waterfall from top to bottom in 120 steps, one per frame.
  const scrollStart = await inPage<number>(cdp, 'performance.now()');
  const scrollGap = await inPage<number>(cdp, `(async () => {
    const el = document.querySelector('[role="treegrid"]');
    const max = el.scrollHeight - el.clientHeight;
    let last = performance.now();
    let worst = 0;
    for (let i = 1; i <= 120; i++) {
      el.scrollTop = (max * i) / 120;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }
    await new Promise((r) => setTimeout(r, 100));
    return worst;
  })()`);
  const scrollMax = await maxTask(cdp, scrollStart, scrollGap);

  // Toggle "errors only" on and off; the fallback figure is the frame gap around each click.
  const filterStart = await inPage<number>(cdp, 'performance.now()');
  let filterGap = 0;
  const rowCount = `document.querySelector('[data-testid="trace-timeline"]').getAttribute('data-row-count')`;
  for (const on of [true, false]) {
    const gap = await inPage<number>(cdp, `(async () => {
      const before = ${rowCount};
      const gap = await new Promise((resolve) => requestAnimationFrame(() => {
        const t0 = performance.now();
        document.querySelector('[data-testid="errors-only"]').click();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }));
      const deadline = performance.now() + 30000;
      while (${rowCount} === before) {
        if (performance.now() > deadline) throw new Error('"errors only" did not change the rows within 30 s');
        await new Promise((r) => setTimeout(r, 20));
      }
      return gap;
    })()`);
    filterGap = Math.max(filterGap, gap);
    if (on) await page.waitForTimeout(300);
  }
  const filterMax = await maxTask(cdp, filterStart, filterGap);

  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
  return { firstRows: Math.round(firstRows), live: Math.round(live), scrollMax, filterMax, heap: Math.round(heap) };
}

/** Ingests and parses the bundles into a fresh data folder; returns their ids and a session. */
async function ingestAll(dataDir: string): Promise<{ bundles: [number, string][]; single: string | null; token: string }> {
  const db = openDatabase(join(dataDir, 'x400-support.sqlite'), ROOT);
  const { user } = await createUser(db, { email: 'bench-engineer@bench.test', role: 'engineer', name: 'Bench Engineer', password: PASSWORD }, SYSTEM_ACTOR);
  const ticketId = (await createTicket(db, user, { customerName: 'Bench', customerContact: 'ops@bench.example', severity: 2, summary: 'Timeline benchmark', components: ['gateway'], reportedAt: ['2026-11-26T21:40:00.000Z'], confirmOldReportedAt: true })).id;
  const deps = { db, storage: { bundleDir: join(dataDir, 'bundles') } };
  const actor = { id: user.id, email: user.email, role: user.role };
  const bundles: [number, string][] = [];
  for (const spans of SIZES) {
    const ref = referenceBundle(spans);
    const t0 = performance.now();
    const outcome = await ingestBundleFile(deps, { filePath: ref.path, fileName: ref.fileName, ticketId, source: 'cli', actor });
    if (outcome.status === 'rejected') throw new Error(outcome.problems.map((p) => p.message).join('; '));
    await confirmConsent(db, actor, ticketId, outcome.bundle.id);
    await parseBundle(deps, outcome.bundle.id);
    const t1 = performance.now();
    // parseBundle builds the skeleton (and the page's preview) at its end; this reads the cache.
    const mib = async (part: 'tree' | 'ids') => ((await skeletonGz(db, outcome.bundle.id, part)).length / 1048576).toFixed(1);
    log(`${spans} spans: ingest + parse (skeleton included) ${((t1 - t0) / 1000).toFixed(1)} s (skeleton ${await mib('tree')} MiB and its span ids ${await mib('ids')} MiB, gzipped)`);
    bundles.push([spans, outcome.bundle.id]);
  }
  let single: string | null = null;
  if (SINGLE > 0) {
    const ref = singleTraceBundle(SINGLE);
    const t0 = performance.now();
    const outcome = await ingestBundleFile(deps, { filePath: ref.path, fileName: ref.fileName, ticketId, source: 'cli', actor });
    if (outcome.status === 'rejected') throw new Error(outcome.problems.map((p) => p.message).join('; '));
    await confirmConsent(db, actor, ticketId, outcome.bundle.id);
    await parseBundle(deps, outcome.bundle.id);
    log(`single trace of ${SINGLE} spans: ingest + parse ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    single = outcome.bundle.id;
  }
  const session = await signIn(db, { email: user.email, password: PASSWORD, ip: '127.0.0.1', ttlHours: 24 * 30 });
  if (!session.ok) throw new Error('sign-in failed');
  db.$client.close();
  return { bundles, single, token: session.token };
}

async function main() {
  const env = { ...process.env, X400_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: '1' };
  if (!process.env.X400_BENCH_SKIP_BUILD || !existsSync(join(ROOT, DIST, 'BUILD_ID'))) {
    log(`building the app into ${DIST} ...`);
    if (buildApp({ env, stdio: ['ignore', 'ignore', 'inherit'] }) !== 0) throw new Error('next build failed');
  }
  const reuse = process.env.BENCH_UI_DATA ? resolve(process.env.BENCH_UI_DATA) : null;
  const statePath = reuse ? join(reuse, 'bench-ui-state.json') : null;
  let prepared = statePath && existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as { version?: number; bundles: [number, string][]; single: string | null; token: string }) : null;
  if (reuse && prepared?.version !== DATA_VERSION) {
    // Data written by an earlier version of this bench (see DATA_VERSION): made again.
    if (prepared) log(`the data in ${reuse} is from an earlier version of this bench: making it again`);
    rmSync(reuse, { recursive: true, force: true });
    prepared = null;
  }
  if (reuse) mkdirSync(reuse, { recursive: true });
  const dataDir = reuse ?? mkdtempSync(join(tmpdir(), 'x400-bench-ui-'));
  if (prepared) log(`reusing the data in ${dataDir}`);
  const { bundles, single, token } = prepared ?? (await ingestAll(dataDir));
  if (statePath && !prepared) writeFileSync(statePath, JSON.stringify({ version: DATA_VERSION, bundles, single, token }));
  const session = { token };

  const server = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: { ...env, PORT: String(PORT), X400_DATA_DIR: dataDir, X400_ADMIN_EMAIL: 'admin@bench.test', X400_ADMIN_PASSWORD: 'bench-admin-password-1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const base = `http://127.0.0.1:${PORT}`;
    await waitForServer(`${base}/login`, server);
    const newContext = async () => {
      const c = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await c.addCookies([{ name: 'x400_session', value: session.token, url: base }]);
      await c.addInitScript(INSTRUMENT);
      return c;
    };
    // A page's requests made once it is live (the critical path, link prefetches) keep the server
    // busy for a second or so after: closing its context before they end would leave them to
    // delay the next measured page's scripts.
    const settle = (page: Page) => page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => log('the page did not settle within 60 s'));
    // Warms the server once in a throwaway context (so a measured one has an empty HTTP cache).
    const warm = async (id: string) => {
      const c = await newContext();
      const page = await c.newPage();
      await openTimeline(page, `${base}/bundles/${id}/trace`);
      await settle(page);
      await c.close();
    };
    // Reused data may hold more than this run asks for: BENCH_UI_SPANS and BENCH_UI_SINGLE still choose.
    for (const [spans, id] of bundles.filter(([n]) => SIZES.includes(n))) {
      await warm(id);
      const context = await newContext();
      const page = await context.newPage();
      const r = await measure(page, `${base}/bundles/${id}/trace`);
      console.log(`timeline ${spans} spans: first-rows ${r.firstRows} ms, controls-live ${r.live} ms, scroll-max-task ${r.scrollMax} ms, filter-max-task ${r.filterMax} ms, heap ${r.heap} MB`);
      await settle(page);
      await context.close();
    }
    if (single && SINGLE > 0) {
      await warm(single);
      const plain = await newContext();
      const openPage = await plain.newPage();
      const open = await measureOpen(openPage, `${base}/bundles/${single}/trace`);
      await settle(openPage);
      await plain.close();
      console.log(`timeline ${SINGLE} spans, one trace, unthrottled: first-rows ${open.firstRows} ms, controls-live ${open.live} ms (≤ 800)`);
      const context = await newContext();
      const throttledPage = await context.newPage();
      if (process.env.BENCH_UI_TRACE) await browser.startTracing(throttledPage, { path: process.env.BENCH_UI_TRACE, screenshots: false });
      const r = await measureThrottled(throttledPage, `${base}/bundles/${single}/trace`, THROTTLE);
      if (process.env.BENCH_UI_TRACE) await browser.stopTracing();
      console.log(`timeline ${SINGLE} spans, one trace, CPU ${THROTTLE}x: first-rows ${r.firstRows} ms (target ≤ 1000), controls-live ${r.live} ms (≤ 1500), scroll ${r.viewportsPerSecond} viewports/s (≥ 50), longest-task ${r.longestTask} ms (≤ 100)`);
      await context.close();
    }
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (!process.env.BENCH_UI_KEEP && !reuse) rmSync(dataDir, { recursive: true, force: true });
    else log(`kept ${dataDir}`);
  }
}

await main();
