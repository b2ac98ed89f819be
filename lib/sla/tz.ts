// Time-zone arithmetic for the SLA engine, on top of Intl.DateTimeFormat only.
//
// Intl is slow (a formatToParts call costs microseconds), so each zone's UTC offsets are read
// once per UTC year: the offset is sampled every 12 hours and every change is located to the
// second by bisection. After that, instant -> local and local -> instant are plain arithmetic on
// the cached transition list.
//
// Local wall-clock times are represented as "local milliseconds": the number of milliseconds a
// UTC clock would show for the same Y-M-D h:m:s (i.e. Date.UTC of the wall-clock fields).
//
// Local -> UTC rules (deterministic, documented in lib/sla/README.md):
//  - a wall time that occurs once maps to that instant;
//  - an ambiguous wall time (repeated hour when clocks go back) maps to its FIRST occurrence;
//  - a nonexistent wall time (skipped hour when clocks go forward) maps to the first instant
//    after the gap, i.e. the transition instant (02:30 on a US spring-forward day -> 03:00 EDT).

export const MINUTE = 60_000;
export const DAY = 86_400_000;

const HALF_DAY = 43_200_000;
/** Widest possible distance between a local time and its instant (offsets stay within ±14 h) plus margin. */
const SPAN = 30 * 3_600_000;

interface Transition {
  /** First instant (UTC ms) with the new offset. */
  at: number;
  before: number;
  after: number;
}

interface ZoneYear {
  start: number;
  end: number;
  startOffset: number;
  transitions: Transition[];
}

export class Zone {
  readonly name: string;
  private readonly fmt: Intl.DateTimeFormat;
  private readonly years = new Map<number, ZoneYear>();
  private last: ZoneYear | null = null;

  constructor(name: string) {
    this.name = name;
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  }

  /** Offset (local - UTC, in ms) at instant t, straight from Intl. */
  private rawOffset(t: number): number {
    const ts = Math.floor(t / 1000) * 1000;
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    let bc = false;
    for (const p of this.fmt.formatToParts(ts)) {
      switch (p.type) {
        case 'year':
          y = Number(p.value);
          break;
        case 'month':
          mo = Number(p.value);
          break;
        case 'day':
          d = Number(p.value);
          break;
        case 'hour':
          h = Number(p.value) % 24;
          break;
        case 'minute':
          mi = Number(p.value);
          break;
        case 'second':
          s = Number(p.value);
          break;
        case 'era':
          bc = /^B/i.test(p.value);
          break;
      }
    }
    if (bc) y = 1 - y;
    const dt = new Date(0);
    dt.setUTCFullYear(y, mo - 1, d);
    dt.setUTCHours(h, mi, s, 0);
    return dt.getTime() - ts;
  }

  private year(y: number): ZoneYear {
    let zy = this.years.get(y);
    if (zy) return zy;
    if (!Number.isInteger(y)) throw new Error('SLA: instant outside the range of dates.');
    const start = Date.UTC(y, 0, 1);
    const end = Date.UTC(y + 1, 0, 1);
    const startOffset = this.rawOffset(start);
    const transitions: Transition[] = [];
    let prevT = start;
    let prevO = startOffset;
    for (let t = start + HALF_DAY; ; t += HALF_DAY) {
      const tt = Math.min(t, end);
      const o = tt === end ? this.rawOffset(end - 1000) : this.rawOffset(tt);
      const probeT = tt === end ? end - 1000 : tt;
      if (o !== prevO) {
        // Bisect (prevT, probeT] to the second: lo has prevO, hi has o.
        let lo = prevT;
        let hi = probeT;
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (this.rawOffset(mid) === prevO) lo = mid;
          else hi = mid;
        }
        transitions.push({ at: hi, before: prevO, after: o });
      }
      prevT = probeT;
      prevO = o;
      if (tt === end) break;
    }
    zy = { start, end, startOffset, transitions };
    this.years.set(y, zy);
    return zy;
  }

  private yearOf(t: number): ZoneYear {
    const l = this.last;
    if (l && t >= l.start && t < l.end) return l;
    const zy = this.year(new Date(t).getUTCFullYear());
    this.last = zy;
    return zy;
  }

  /** Offset (local - UTC, ms) in force at instant t. */
  offsetAt(t: number): number {
    const zy = this.yearOf(t);
    let o = zy.startOffset;
    for (const tr of zy.transitions) {
      if (t >= tr.at) o = tr.after;
      else break;
    }
    return o;
  }

  /** Local milliseconds (wall clock as if UTC) of instant t. */
  toLocal(t: number): number {
    return t + this.offsetAt(t);
  }

  /** Local day number (days since 1970-01-01 in local wall-clock terms) of instant t. */
  localDay(t: number): number {
    return Math.floor(this.toLocal(t) / DAY);
  }

  /** Transitions with at in [a, b]. */
  private transitionsIn(a: number, b: number, out: Transition[]): void {
    const ya = new Date(a).getUTCFullYear();
    const yb = new Date(b).getUTCFullYear();
    for (let y = ya; y <= yb; y++) {
      for (const tr of this.year(y).transitions) if (tr.at >= a && tr.at <= b) out.push(tr);
    }
  }

  /** Instant of a local wall-clock time (see the rules at the top of this file). */
  fromLocal(L: number): number {
    const o0 = this.offsetAt(L - SPAN);
    const near: Transition[] = [];
    this.transitionsIn(L - SPAN, L + SPAN, near);
    if (near.length === 0) return L - o0;
    let best = Number.POSITIVE_INFINITY;
    const candidates = [o0, ...near.map((tr) => tr.after)];
    for (const o of candidates) {
      const t = L - o;
      if (this.offsetAt(t) === o && t < best) best = t;
    }
    if (best !== Number.POSITIVE_INFINITY) return best;
    // In a gap: the first instant after it is the transition itself.
    for (const tr of near) {
      if (tr.after > tr.before && tr.at + tr.before <= L && L < tr.at + tr.after) return tr.at;
    }
    return L - this.offsetAt(L);
  }
}

const zones = new Map<string, Zone>();

/** The Zone for an IANA name; throws a clear Error for an unknown zone. */
export function getZone(name: string): Zone {
  let z = zones.get(name);
  if (z) return z;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new Error(`Business calendar time zone is missing (expected an IANA name such as "Europe/Berlin").`);
  }
  try {
    z = new Zone(name);
  } catch {
    throw new Error(`Business calendar time zone "${name}" is not a valid IANA time zone.`);
  }
  zones.set(name, z);
  return z;
}

/** True when Intl knows the time zone. */
export function isValidTimeZone(name: string): boolean {
  try {
    getZone(name);
    return true;
  } catch {
    return false;
  }
}

/** 'YYYY-MM-DD' of a day number. */
export function dayToIso(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** Day number of a 'YYYY-MM-DD' date, or null when it is not a real calendar date. */
export function isoToDay(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.floor(t / DAY);
}

/** 'HH:MM' of local milliseconds within a day (1440 minutes -> '24:00'). */
export function minutesToHhmm(min: number): string {
  const h = Math.floor(min / 60);
  const m = min % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Local wall-clock 'YYYY-MM-DD HH:MM' (and ':SS' when not whole minutes) of instant t in zone. */
export function formatLocal(t: number, zone: Zone): string {
  const iso = new Date(zone.toLocal(t)).toISOString();
  const secs = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${secs !== '00' ? `:${secs}` : ''}`;
}
