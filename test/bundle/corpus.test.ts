import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectBundle } from '@/lib/bundle/inspect';
import { makeBundle } from '@/test/support/make-bundle';
import type { Span } from '@/lib/bundle/trace/model';
import { CORPUS_DIR, HAS_CORPUS, tmpFile } from './helpers';

async function inspectCorpus(file: string) {
  const trace = readFileSync(join(CORPUS_DIR, file));
  const { fileName, buffer } = makeBundle({ trace });
  const spans: Span[] = [];
  const report = await inspectBundle(tmpFile(fileName, buffer), { onSpan: (s) => spans.push(s) });
  return { report, spans };
}

describe.skipIf(!HAS_CORPUS)(`trace corpus (${HAS_CORPUS ? CORPUS_DIR : 'skipped: ../shared/corpus/traces is absent'})`, () => {
  it('zipkin: 663 merged spans, one error whose both halves carry error 404', async () => {
    const { report, spans } = await inspectCorpus('zipkin2-smartthings-mobile-web-install.json');
    expect(report.valid).toBe(true);
    expect(report.traceFormat).toBe('zipkin');
    expect(report.metrics.spans).toBe(663);
    expect(report.metrics.errorSpans).toBe(1);
    expect(report.metrics.traces).toBe(1);
    const err = spans.find((s) => s.status.code === 'error')!;
    expect(err.attributes.error).toBe('404');
    const raw = JSON.parse(readFileSync(join(CORPUS_DIR, 'zipkin2-smartthings-mobile-web-install.json'), 'utf8')) as { id: string; tags?: Record<string, string> }[];
    const halves = raw.filter((r) => r.id === err.spanId);
    expect(halves).toHaveLength(2);
    expect(halves.every((h) => h.tags?.error === '404')).toBe(true);
    expect(err.attributes['zipkin.client.service']).toBeTruthy();
    expect(err.attributes['zipkin.server.service']).toBeTruthy();
    expect(report.metrics.services.length).toBe(16);
  });

  it('otlp example: 1 span, orphan parent, upper-case hex lowered', async () => {
    const { report, spans } = await inspectCorpus('otlp-otelproto-example.json');
    expect(report.valid).toBe(true);
    expect(report.traceFormat).toBe('otlp');
    expect(report.metrics.spans).toBe(1);
    expect(spans[0].traceId).toBe('5b8efff798038103d269b633813fc60c');
    expect(spans[0].parentSpanId).toBe('eee19b7ec3c1b173');
    expect(spans[0].kind).toBe('server');
    expect(spans[0].service).toBe('my.service');
    expect(spans[0].status.code).toBe('unset');
  });

  it('jaeger memory fixture: 4 spans, 2 traces, all errors, events and links', async () => {
    const { report, spans } = await inspectCorpus('otlp-jaeger-memory-fixture.json');
    expect(report.metrics.spans).toBe(4);
    expect(report.metrics.traces).toBe(2);
    expect(report.metrics.errorSpans).toBe(4);
    expect(spans.reduce((n, s) => n + s.events.length, 0)).toBe(8);
    expect(spans.reduce((n, s) => n + s.links.length, 0)).toBe(8);
  });

  it('otlp2jaeger golden pair: same spans and times in both encodings', async () => {
    const a = await inspectCorpus('otlp-jaegerui-otlp2jaeger-in.json');
    const b = await inspectCorpus('jaeger-jaegerui-otlp2jaeger-out.json');
    expect(a.report.traceFormat).toBe('otlp');
    expect(b.report.traceFormat).toBe('jaeger');
    const key = (s: Span) => ({ traceId: s.traceId, spanId: s.spanId, parent: s.parentSpanId, name: s.name, start: s.startNs, end: s.endNs, service: s.service, kind: s.kind });
    expect(a.spans.map(key)).toEqual(b.spans.map(key));
    expect(a.spans[0].startNs).toBe(1706678909209712000n);
    expect(a.report.metrics.spans).toBe(2);
  });

  it('jaeger genai trace (unwrapped): 57 spans, 1 error', async () => {
    const { report, spans } = await inspectCorpus('jaeger-jaegerui-genai.json');
    expect(report.traceFormat).toBe('jaeger');
    expect(report.metrics.spans).toBe(57);
    expect(report.metrics.errorSpans).toBe(1);
    expect(report.metrics.services.length).toBe(10);
    expect(spans.find((s) => s.status.code === 'error')!.name).toBe('GET /api/v1/pods');
  });
});
