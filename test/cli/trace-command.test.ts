import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { main } from '../../src/cli/main.ts';
import { storeSpanExporter } from '../../src/observe/store/store-span-exporter.ts';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import { temporaryFolder } from '../integration/trip-scenario.ts';

const T0 = 1_795_257_600; // 2026-11-21T10:40:00Z, in seconds
const at = (ms: number): [number, number] => [T0 + Math.floor(ms / 1000), (ms % 1000) * 1e6];

let folder: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  folder = await temporaryFolder('vega-trace-');
});
afterEach(async () => {
  await folder.remove();
});

async function vega(argv: readonly string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const exitCode = await main([...argv, '--store', 'vega.db'], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
    cwd: folder.path,
    color: false,
  });
  return { exitCode, stdout, stderr };
}

/**
 * A workflow run as the tracer records it, through the SDK and the store exporter:
 * run (0–10 s) › research (0.1–4 s) › two calls; fan-out (4–9.5 s) › calls ending at 9.4 s and 6 s.
 */
async function tracedRun(runId: string): Promise<void> {
  const store = await sqliteStore(join(folder.path, 'vega.db'));
  try {
    await store.createRun({ id: runId, kind: 'workflow', name: 'research', input: {}, createdAt: T0 * 1000 });
    const provider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter: storeSpanExporter(store) })],
    });
    const tracer = provider.getTracer('test');
    const start = (
      name: string,
      ms: number,
      parent?: Span,
      attributes: Record<string, number | string> = {},
    ) =>
      tracer.startSpan(
        name,
        {
          startTime: at(ms),
          kind: name.startsWith('chat') ? SpanKind.CLIENT : SpanKind.INTERNAL,
          attributes: { 'vega.run.id': runId, ...attributes },
        },
        parent === undefined ? context.active() : trace.setSpan(context.active(), parent),
      );
    const call = (
      name: string,
      from: number,
      to: number,
      parent: Span,
      input: number,
      output: number,
      usd: number,
    ) =>
      start(name, from, parent, {
        'gen_ai.usage.input_tokens': input,
        'gen_ai.usage.output_tokens': output,
        'vega.cost.usd': usd,
        'gen_ai.operation.name': 'chat',
      }).end(at(to));
    const run = start('workflow research', 0);
    const research = start('step research', 100, run);
    call('chat claude-haiku-4-5', 200, 1_000, research, 10, 2, 0.00002);
    const failed = start('chat claude-haiku-4-5', 1_100, research);
    failed.setStatus({ code: SpanStatusCode.ERROR, message: 'overloaded' });
    failed.end(at(3_900));
    research.end(at(4_000));
    const fanOut = start('step fan-out', 4_000, run);
    call('chat gpt-5-mini', 4_100, 9_400, fanOut, 30, 6, 0.0001);
    call('chat claude-haiku-4-5', 4_150, 6_000, fanOut, 20, 4, 0.00004);
    fanOut.end(at(9_500));
    run.end(at(10_000));
    await provider.shutdown();
  } finally {
    await store.close();
  }
}

const TREE = [
  '◆ workflow research               10.00 s  60 in / 12 out  $0.000160',
  '├─   step research                 3.90 s  10 in / 2 out  $0.000020',
  '│  ├─   chat claude-haiku-4-5      800 ms  10 in / 2 out  $0.000020',
  '│  └─   chat claude-haiku-4-5      2.80 s  error: overloaded',
  '└─ ◆ step fan-out                  5.50 s  50 in / 10 out  $0.000140',
  '   ├─ ◆ chat gpt-5-mini            5.30 s  30 in / 6 out  $0.000100',
  '   └─   chat claude-haiku-4-5      1.85 s  20 in / 4 out  $0.000040',
].join('\n');

describe('vega trace', () => {
  it('prints the span tree with durations, tokens, cost, errors, and the critical path marked', async () => {
    await tracedRun('run-traced-1');
    const { exitCode, stdout } = await vega(['trace', 'run-traced']);
    expect(exitCode).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Spans of run run-traced-1 (workflow research, running): 7 spans');
    expect(lines.slice(2, 9).join('\n')).toBe(TREE);
    expect(lines.at(-1)).toMatch(/^◆ critical path: /);
  });

  it('shows a span that never ended (a crash) as unfinished, and on the critical path', async () => {
    const store = await sqliteStore(join(folder.path, 'vega.db'));
    const traceId = 'ab'.repeat(16);
    await store.createRun({ id: 'crashed', kind: 'workflow', name: 'w', input: {}, createdAt: 1 });
    await store.appendSpans([
      {
        traceId,
        spanId: '0000000000000001',
        runId: 'crashed',
        name: 'workflow w',
        kind: 'internal',
        startUs: 1_000,
        status: 'unset',
        attributes: {},
      },
      {
        traceId,
        spanId: '0000000000000002',
        parentSpanId: '0000000000000001',
        runId: 'crashed',
        name: 'step a',
        kind: 'internal',
        startUs: 1_100,
        endUs: 5_000,
        status: 'ok',
        attributes: {},
      },
      {
        traceId,
        spanId: '0000000000000003',
        parentSpanId: '0000000000000001',
        runId: 'crashed',
        name: 'step b',
        kind: 'internal',
        startUs: 5_000,
        status: 'unset',
        attributes: {},
      },
    ]);
    await store.close();
    const { stdout } = await vega(['trace', 'crashed']);
    expect(stdout).toContain('3 spans, 2 unfinished');
    expect(stdout).toMatch(/^◆ workflow w\s+unfinished$/m);
    expect(stdout).toMatch(/^├─ {3}step a\s+3\.90 ms$/m);
    expect(stdout).toMatch(/^└─ ◆ step b\s+unfinished$/m);

    const json = JSON.parse((await vega(['trace', 'crashed', '-o', 'json'])).stdout) as {
      spans: { name: string; unfinished?: boolean; critical: boolean; depth: number }[];
    };
    expect(
      json.spans.map(({ name, unfinished, critical, depth }) => ({ name, unfinished, critical, depth })),
    ).toEqual([
      { name: 'workflow w', unfinished: true, critical: true, depth: 0 },
      { name: 'step a', unfinished: undefined, critical: false, depth: 1 },
      { name: 'step b', unfinished: true, critical: true, depth: 1 },
    ]);
  });

  it('says how to turn tracing on when a run has no spans', async () => {
    const store = await sqliteStore(join(folder.path, 'vega.db'));
    await store.createRun({ id: 'untraced', kind: 'workflow', name: 'w', input: {}, createdAt: 1 });
    await store.close();
    const { exitCode, stdout, stderr } = await vega(['trace', 'untraced']);
    expect(exitCode).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('tracing was off');
    expect(stderr).toContain('--trace store');
    expect(stderr).toContain('tracing: { exporter: store }');
    expect((await vega(['trace', 'untraced', '--export', 'chrome'])).exitCode).toBe(1);
  });

  it('rejects an unknown run and an unknown export format', async () => {
    expect((await vega(['trace', 'nope'])).stderr).toContain("No run 'nope'");
    await tracedRun('run-traced-2');
    const wrong = await vega(['trace', 'run-traced-2', '--export', 'svg']);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toContain("'--export' takes chrome, jsonl, otlp");
  });

  it('exports a Chrome trace that matches the trace event format', async () => {
    await tracedRun('run-traced-3');
    const { exitCode } = await vega(['trace', 'run-traced-3', '--export', 'chrome', '--out', 'trace.json']);
    expect(exitCode).toBe(0);
    const complete = z.object({
      ph: z.literal('X'),
      name: z.string().min(1),
      cat: z.string(),
      ts: z.number().nonnegative(),
      dur: z.number().nonnegative(),
      pid: z.number().int().nonnegative(),
      tid: z.number().int().nonnegative(),
      args: z.record(z.string(), z.unknown()),
    });
    const metadata = z.object({
      ph: z.literal('M'),
      name: z.enum(['process_name', 'thread_name']),
      pid: z.number().int(),
      tid: z.number().int(),
      args: z.object({ name: z.string() }),
    });
    const chromeTrace = z.object({
      traceEvents: z.array(z.discriminatedUnion('ph', [complete, metadata])),
      displayTimeUnit: z.enum(['ms', 'ns']).optional(),
    });
    const parsed = chromeTrace.parse(JSON.parse(await readFile(join(folder.path, 'trace.json'), 'utf8')));
    const spans = parsed.traceEvents.filter((event) => event.ph === 'X');
    expect(spans).toHaveLength(7);
    const root = spans.find((event) => event.name === 'workflow research');
    expect(root).toMatchObject({ ts: T0 * 1e6, dur: 10_000_000 });
    expect(spans.find((event) => event.name === 'chat gpt-5-mini')?.args).toMatchObject({
      'gen_ai.usage.input_tokens': 30,
      'vega.run.id': 'run-traced-3',
    });
  });

  it('exports JSON Lines of span records to stdout', async () => {
    await tracedRun('run-traced-4');
    const { stdout } = await vega(['trace', 'run-traced-4', '--export', 'jsonl']);
    const records = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(7);
    expect(records[0]).toMatchObject({
      name: 'workflow research',
      startTime: '2026-11-21T10:40:00.000000000Z',
      durationMs: 10_000,
      status: { code: 'unset' },
    });
    expect(
      records.every((record) => typeof record.traceId === 'string' && typeof record.spanId === 'string'),
    ).toBe(true);
  });

  it('sends the spans to the OTLP/HTTP collector of OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    await tracedRun('run-traced-5');
    const received: { path: string; type: string; body: string; headers: IncomingMessage['headers'] }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({
          path: request.url ?? '',
          type: request.headers['content-type'] ?? '',
          body,
          headers: request.headers,
        });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { exitCode, stderr } = await vega(['trace', 'run-traced-5', '--export', 'otlp'], {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-team=vega',
      });
      expect(stderr).toContain(`Sent 7 spans of run run-traced-5 to http://127.0.0.1:${port}/v1/traces`);
      expect(exitCode).toBe(0);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ path: '/v1/traces', type: 'application/json' });
      expect(received[0]?.headers['x-team']).toBe('vega');
      const body = JSON.parse(received[0]!.body) as {
        resourceSpans: {
          scopeSpans: { spans: { name: string; parentSpanId?: string; attributes: { key: string }[] }[] }[];
        }[];
      };
      const spans = body.resourceSpans.flatMap((resource) =>
        resource.scopeSpans.flatMap((scope) => scope.spans),
      );
      expect(spans.map((span) => span.name).sort()).toEqual(
        [
          'chat claude-haiku-4-5',
          'chat claude-haiku-4-5',
          'chat claude-haiku-4-5',
          'chat gpt-5-mini',
          'step fan-out',
          'step research',
          'workflow research',
        ].sort(),
      );
      expect(
        spans.find((span) => span.name === 'chat gpt-5-mini')?.attributes.map((attribute) => attribute.key),
      ).toContain('gen_ai.usage.output_tokens');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('fails with trace_export_failed when the collector refuses the spans', async () => {
    await tracedRun('run-traced-6');
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(400).end('no'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { exitCode, stderr } = await vega(['trace', 'run-traced-6', '--export', 'otlp'], {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      });
      expect(exitCode).not.toBe(0);
      expect(stderr).toContain('Could not export the spans');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
