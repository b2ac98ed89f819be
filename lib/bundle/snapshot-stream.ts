// Reads snapshot.json for inspect: streamed series by series with the same structural scanner as
// trace.json (the document is never one string), or, as the reference, the whole document at once.
// The streamed reading gives exactly the whole reading's result or declines (returns null), and
// the caller then reads the whole document: a small document, any problem, and the shapes where a
// streamed walk would meet keys in another order than JSON.parse does, go that way.

import { readEntry, readEntryBuffer, type BundleLimits, type OpenedZip, type ZipEntry } from './archive';
import { JsonStreamScanner, parseJsonChecked, type Segment } from './json-stream';
import { BundleProblem } from './problems';
import type { RedactionCheck } from './redaction';
import { parseSnapshot, type Series } from './snapshot';

const ENTRY = 'snapshot.json';
/** Keys JSON.parse puts first whatever their place (array indexes): a streamed walk would not. */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;

/**
 * Documents below this size are not streamed but read whole (one JSON.parse, one walk): with 100k
 * points (2 MB), `inspect` of a 10k-span bundle through the bin took 535 ms against 550 (10
 * alternated pairs, wall ratio 0.968). Larger ones are, so that their text is never one string.
 */
export const SNAPSHOT_STREAM_MIN_BYTES = 16 * 1024 * 1024;

class Decline extends Error {}

/** One series element, checked as parseSnapshot checks it; null when it is not valid. */
function seriesOf(raw: unknown): Series | null {
  const s = raw as Record<string, unknown>;
  if (typeof s !== 'object' || s === null || typeof s.name !== 'string' || !Array.isArray(s.points)) return null;
  const labels: Record<string, string> = {};
  if (s.labels !== undefined) {
    if (typeof s.labels !== 'object' || s.labels === null || Array.isArray(s.labels)) return null;
    for (const [k, v] of Object.entries(s.labels)) labels[k] = String(v);
  }
  const points = s.points as unknown[];
  for (let j = 0; j < points.length; j++) {
    const p = points[j];
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || !(typeof p[1] === 'number' || p[1] === null)) return null;
  }
  return { name: s.name, unit: typeof s.unit === 'string' ? s.unit : '', labels, points: points as [number, number | null][] };
}

/**
 * Streams snapshot.json into `check` (a check of its own: on a decline its findings are thrown
 * away) and returns its series, or null when the whole document must be read instead (always
 * below `fromBytes`).
 */
export async function streamSnapshot(zip: OpenedZip, entry: ZipEntry, limits: BundleLimits, check: RedactionCheck, fromBytes = SNAPSHOT_STREAM_MIN_BYTES): Promise<Series[] | null> {
  if (entry.size < fromBytes) return null;
  const series: Series[] = [];
  const rootKeys = new Set<string>();
  let rootKeyIsString = false;
  let sawSeriesArray = false;
  const scanner = new JsonStreamScanner(
    {
      decide: (path, kind) => {
        if (path.length === 0) {
          if (kind !== 'object') throw new Decline();
          return 'descend';
        }
        return path.length === 1 && path[0] === 'series' && kind === 'array' ? 'descend' : 'capture';
      },
      onKey: (path: readonly Segment[], key: string) => {
        if (path.length === 0) {
          // Duplicate keys and index-like keys come out of JSON.parse in another order.
          if (rootKeys.has(key) || INDEX_KEY.test(key)) throw new Decline();
          rootKeys.add(key);
        }
        check.scanKey(ENTRY, path, key);
      },
      onValue: (path, value) => {
        if (path.length === 2 && path[0] === 'series') {
          // An element of the series array: a walk of the whole document judges its strings
          // under the array's key.
          check.scanValue(ENTRY, path, value, null, 'series');
          const s = seriesOf(value);
          if (!s) throw new Decline();
          series.push(s);
          return;
        }
        if (path.length !== 1) throw new Decline();
        const key = path[0] as string;
        if (key === 'series') throw new Decline(); // not an array
        if (key === 'key' && typeof value === 'string') rootKeyIsString = true;
        check.scanValue(ENTRY, path, value);
      },
      onEnd: (path, kind) => {
        if (path.length === 1 && kind === 'array') sawSeriesArray = true;
      },
    },
    ENTRY,
    limits.maxJsonDepth,
  );
  try {
    for await (const chunk of readEntry(zip, entry, limits)) scanner.push(chunk);
    scanner.finish();
  } catch (err) {
    if (err instanceof Decline || err instanceof BundleProblem) return null;
    throw err;
  }
  // A root `value` beside a string `key` is judged under that key by a whole-document walk.
  if (!sawSeriesArray || (rootKeyIsString && rootKeys.has('value'))) return null;
  return series;
}

/** The reference reading: the whole document parsed, scanned, then checked; throws BundleProblem. */
export async function readSnapshotWhole(zip: OpenedZip, entry: ZipEntry, limits: BundleLimits, check: RedactionCheck, entriesRead: string[]): Promise<Series[]> {
  const raw = parseJsonChecked(await readEntryBuffer(zip, entry, limits), ENTRY, limits.maxJsonDepth);
  entriesRead.push(ENTRY);
  check.scanValue(ENTRY, [], raw);
  const snap = parseSnapshot(raw);
  if (!snap.ok) throw new BundleProblem(snap.problem.code, snap.problem.message, ENTRY);
  return snap.snapshot.series;
}
