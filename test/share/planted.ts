// A bundle with known personal data planted in every kind of entry, and helpers to read zips back.
import { unzipSync } from 'fflate';
import { generateGatewayTrace, writeBundle } from '@/test/support/make-bundle';

export const RAW = {
  email: 'alice.smith@example.com',
  keyEmail: 'bob.jones@example.org',
  attrEmail: 'carol.white@example.net',
  card: '4111 1111 1111 1111',
  ip: '203.0.113.45',
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  password: 'hunter2-Secret',
  attrPassword: 'Tr0ub4dor&3',
  latePassword: 'Zebra-Kettle-99',
  person: 'Jonathan Quux',
  escaped: 'dave.o\'hara@example.com',
} as const;

export const TRACE_ID = 'a087eaf300b349c98706c4ebfb2627fd';
export const SPAN_ID = '6d010770feacb771';
export const START_NANO = '1795726800000977576';

/** An OTLP trace: the generated gateway spans plus one span carrying planted attributes. */
export function plantedTrace(): string {
  const base = JSON.parse([...generateGatewayTrace({ spans: 30, seed: 7 })].join('')) as {
    resourceSpans: { scopeSpans: { spans: unknown[] }[] }[];
  };
  base.resourceSpans[0].scopeSpans[0].spans.push({
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    name: 'smtp.deliver',
    kind: 3,
    startTimeUnixNano: START_NANO,
    endTimeUnixNano: '1795726800093031801',
    attributes: [
      { key: 'user.email', value: { stringValue: RAW.attrEmail } },
      { key: 'user.password', value: { stringValue: RAW.attrPassword } },
      // value before key: the attribute's key still decides
      { value: { stringValue: RAW.latePassword }, key: 'db.password' },
      { key: 'enduser.name', value: { stringValue: RAW.person } },
      { key: 'net.peer.ip', value: { stringValue: RAW.ip } },
      { key: 'http.request.header.authorization', value: { arrayValue: { values: [{ stringValue: `Bearer ${RAW.jwt}` }] } } },
      { key: 'x400.recipients', value: { intValue: '3' } },
      { key: 'x400.size', value: { doubleValue: 1234.5 } },
    ],
    events: [{ name: 'note', timeUnixNano: START_NANO, attributes: [{ key: 'message', value: { stringValue: `card ${RAW.card} refused for ${RAW.email}` } }] }],
    status: { code: 2, message: `unicode \u00e9 and ${RAW.escaped} with "quotes"` },
  });
  return JSON.stringify(base);
}

export function writePlantedBundle(dir: string, metadata: Record<string, unknown> = {}) {
  return writeBundle(dir, {
    metadata,
    trace: plantedTrace(),
    logs: [
      { ts: '2026-11-26T21:40:00Z', level: 'error', msg: `login failed for ${RAW.email} from ${RAW.ip}`, count: 3, ratio: 0.25 },
      { ts: '2026-11-26T21:40:01Z', level: 'info', msg: 'ok', auth: { token: RAW.jwt } },
    ],
    config: { db: { host: 'db.internal', port: 5432, db_password: RAW.password }, admins: { [RAW.keyEmail]: { active: true } }, smtp: { relay: RAW.ip } },
    extraEntries: {
      'notes.txt': `customer contact ${RAW.email}\ncard on file ${RAW.card}\nplain line\n`,
      'extra.ndjson': `{"who":"${RAW.email}","n":1}\nnot json at all ${RAW.ip}\n`,
    },
  });
}

/** Every entry of a zip, inflated. */
export function unzipAll(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

/** All inflated bytes of a zip (and its names) as one text to search. */
export function allText(bytes: Uint8Array): string {
  const files = unzipAll(bytes);
  return Object.entries(files).map(([name, data]) => `${name}\n${Buffer.from(data).toString('utf8')}`).join('\n');
}
