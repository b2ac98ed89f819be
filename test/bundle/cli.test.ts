import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runInspect } from '@/lib/cli/inspect';
import { makeBundle, generateGatewayTrace } from '@/test/support/make-bundle';
import { tmpFile } from './helpers';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runInspect(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err };
}

function bundleFile(parts: Parameters<typeof makeBundle>[0] = {}): string {
  const { fileName, buffer } = makeBundle(parts);
  return tmpFile(fileName, buffer);
}

describe('x400-support inspect', () => {
  it('0 for a valid, clean bundle; --json prints the report', async () => {
    const file = bundleFile({ trace: generateGatewayTrace({ spans: 300, errorRate: 0.2, seed: 9 }) });
    const human = await run([file]);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/VALID, redaction clean/);
    expect(human.out).toMatch(/300 spans/);
    expect(human.err).toEqual([]);
    const json = await run([file, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out);
    const schema = JSON.parse(readFileSync('docs/inspect.schema.json', 'utf8'));
    for (const key of schema.required) expect(report).toHaveProperty(key);
    for (const key of schema.properties.metrics.required) expect(report.metrics).toHaveProperty(key);
    expect(report).toMatchObject({ valid: true, traceFormat: 'otlp', consent: { granted: true } });
    expect(report.metrics.spans).toBe(300);
    expect(Object.keys(report.metrics.errorCodes).length).toBeGreaterThan(0);
  });
  it('1 when personal data slipped through, with masked previews and pointers', async () => {
    const file = bundleFile({ logs: [{ ts: '2026-11-26T21:00:00Z', level: 'warn', msg: 'bounce for jane.doe@example.com', attrs: {} }] });
    const r = await run([file, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.redaction.clean).toBe(false);
    expect(report.redaction.counts.email).toBeGreaterThan(0);
    const f = report.redaction.findings.find((x: { category: string }) => x.category === 'email');
    expect(f).toMatchObject({ entry: 'logs.ndjson', line: 1, pointer: '/msg' });
    expect(f.preview).not.toContain('jane.doe@example.com');
  });
  it('2 for an invalid bundle, each problem on stderr', async () => {
    const file = tmpFile('trace-20261126T215803Z-cli.zip', 'not a zip');
    const r = await run([file]);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/NOT_A_ZIP/);
  });
  it('3 without consent', async () => {
    const r = await run([bundleFile({ metadata: { telemetry: { enabled: false } } })]);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/NO CONSENT/);
  });
  it('64 for usage errors', async () => {
    expect((await run([])).code).toBe(64);
    expect((await run(['a.zip', 'b.zip'])).code).toBe(64);
    expect((await run(['--frobnicate', 'a.zip'])).code).toBe(64);
    const missing = await run(['/nonexistent/trace-20261126T215803Z-cli.zip']);
    expect(missing.code).toBe(64);
    expect(missing.err).toHaveLength(1);
    expect((await run(['--help'])).out).toMatch(/Usage: x400-support inspect/);
  });
});
