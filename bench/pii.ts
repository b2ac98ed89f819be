// Throughput of the personal-data scanner: `npx tsx bench/pii.ts`
// Mixes modelled on a large OTLP trace: mostly ids, service/span names, numbers and enum values,
// with a tail of URLs, SQL and log lines. Reports strings/second per mix, by wall clock and by
// process CPU time (the latter is steadier on a shared, loaded machine; GC included in both).
import { scanText } from '../lib/bundle/pii';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const r = rng(42);
const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
const pick = <T,>(a: T[]) => a[Math.floor(r() * a.length)];
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;

const SERVICES = ['x400-gateway', 'x400-queue', 'x400-mta', 'x400-ui', 'x400-cli'];
const SPANS = ['gateway.inbound', 'gateway.outbound', 'queue.enqueue', 'queue.dispatch', 'mta.transfer', 'directory.lookup', 'ui.request', 'cli.command'];
const KEYS = ['service.name', 'span.name', 'traceId', 'spanId', 'x400.queue.name', 'http.method', 'http.status_code', 'x400.error.code', 'gen_ai.usage.input_tokens', 'net.peer.port', 'thread.name', 'startTimeUnixNano'];

function cleanShort(): [string, string | null] {
  switch (Math.floor(r() * 10)) {
    case 0: return [hex(32), 'traceId'];
    case 1: return [hex(16), 'spanId'];
    case 2: return [pick(SERVICES), 'service.name'];
    case 3: return [pick(SPANS), 'name'];
    case 4: return [String(Math.floor(r() * 100000)), 'gen_ai.usage.input_tokens'];
    case 5: return [String(1764193083000000000 + Math.floor(r() * 1e9)), 'startTimeUnixNano'];
    case 6: return [pick(['GET', 'POST', 'OK', 'ERROR', 'SERVER', 'CLIENT', 'true', 'false']), pick(KEYS)];
    case 7: return [`X400-${2100 + Math.floor(r() * 900)}`, 'x400.error.code'];
    case 8: return [uuid(), 'x400.message.id'];
    default: return [pick(KEYS), null]; // keys are scanned too
  }
}
function richer(): [string, string | null] {
  switch (Math.floor(r() * 6)) {
    case 0: return [`https://x400.example.com/api/tickets/${Math.floor(r() * 9999)}/bundles?page=${Math.floor(r() * 9)}`, 'http.url'];
    case 1: return [`2026-11-26T21:58:${String(Math.floor(r() * 60)).padStart(2, '0')}.123Z INFO queue.dispatch msgid=${hex(8)} size=${Math.floor(r() * 1e5)} dur=${Math.floor(r() * 900)}ms`, 'log.message'];
    case 2: return [`SELECT id, status FROM messages WHERE queue = $1 AND created_at > $2 LIMIT ${Math.floor(r() * 500)}`, 'db.statement'];
    case 3: return [`at com.acme.x400.Gateway.send(Gateway.java:${Math.floor(r() * 900)})`, 'exception.stacktrace'];
    case 4: return [`10.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`, 'net.peer.ip'];
    default: return [`NDR for user${Math.floor(r() * 999)}@example.com: recipient-unavailable`, 'exception.message'];
  }
}

function build(n: number, richShare: number): [string, string | null][] {
  const out: [string, string | null][] = [];
  for (let i = 0; i < n; i++) out.push(r() < richShare ? richer() : cleanShort());
  return out;
}

function run(name: string, data: [string, string | null][], rounds: number): void {
  let found = 0;
  for (let w = 0; w < 2; w++) for (const [t, k] of data) found += scanText(t, k).length; // warm-up
  found = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) for (const [t, k] of data) found += scanText(t, k).length;
  const ns = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(c0);
  const cpuNs = (cpu.user + cpu.system) * 1000;
  const n = data.length * rounds;
  const avgLen = data.reduce((a, [t]) => a + t.length, 0) / data.length;
  const rate = (d: number) => (n / (d / 1e9) / 1e6).toFixed(2).padStart(6);
  console.log(
    `${name.padEnd(34)} ${rate(ns)} M strings/s wall, ${rate(cpuNs)} M/s per CPU-second  (${n.toLocaleString()} strings, avg ${avgLen.toFixed(0)} chars, ${found / rounds} findings/round)`,
  );
}

const N = 200_000;
run('clean short (ids, names, numbers)', build(N, 0), 10);
run('realistic mix (5% URLs/logs/SQL)', build(N, 0.05), 10);
run('heavy mix (30% URLs/logs/SQL)', build(N, 0.3), 5);
