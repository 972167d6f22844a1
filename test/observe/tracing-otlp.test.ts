/**
 * The OTLP/HTTP exporter against a local receiver: a workflow run's spans arrive (JSON) at the URL of
 * `--trace otlp=URL` with their GenAI attributes and the `service.name=vega` resource; the standard
 * `OTEL_EXPORTER_OTLP_*` variables choose the URL and headers.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { otlpConfiguration, otlpSpanExporter } from '../../src/observe/tracing/otlp-span-exporter.ts';
import { setupTracing } from '../../src/observe/tracing/setup-tracing.ts';
import { trace } from '../../src/observe/tracing/trace-api.ts';
import { useDurableCli } from '../durable/durable-cli.ts';
import { attributeValue, type OtlpReceiver, startOtlpReceiver } from './otlp-receiver.ts';

const WORKFLOW = `settings:
  default_model: claude-haiku-4-5
agents:
  Writer: { system: You write. }
workflows:
  main:
    steps:
      - Writer: "Draft"
`;

const cli = useDurableCli({ prefix: 'vega-otlp-', files: { 'team.vega.yaml': WORKFLOW } });
let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(async () => {
  await receiver.close();
});

describe('the OTLP exporter', () => {
  it('sends a run’s spans with their attributes to the collector named by --trace otlp=URL', async () => {
    const outcome = await cli.vega('run', 'team.vega.yaml', '--trace', `otlp=${receiver.url}`);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stderr).toContain(`trace written to ${receiver.url}/v1/traces`);
    expect(receiver.requests.length).toBeGreaterThan(0);
    for (const request of receiver.requests) {
      expect(request.path).toBe('/v1/traces');
      expect(request.headers['content-type']).toContain('application/json');
      expect(attributeValue(request.body.resourceSpans[0]!.resource.attributes, 'service.name')).toBe('vega');
    }
    const spans = receiver.spans();
    expect(spans.map((span) => span.name).sort()).toEqual([
      'chat claude-haiku-4-5',
      'invoke_agent Writer',
      'vega.run',
      'vega.step step-0',
    ]);
    const chat = spans.find((span) => span.name === 'chat claude-haiku-4-5')!;
    const agent = spans.find((span) => span.name === 'invoke_agent Writer')!;
    expect(chat.parentSpanId).toBe(agent.spanId);
    expect(attributeValue(chat.attributes, 'gen_ai.operation.name')).toBe('chat');
    expect(attributeValue(chat.attributes, 'gen_ai.provider.name')).toBe('anthropic');
    expect(attributeValue(chat.attributes, 'gen_ai.request.model')).toBe('claude-haiku-4-5');
    expect(attributeValue(chat.attributes, 'gen_ai.usage.input_tokens')).toBe(10);
    expect(attributeValue(chat.attributes, 'gen_ai.usage.output_tokens')).toBe(2);
    expect(attributeValue(chat.attributes, 'gen_ai.response.finish_reasons')).toEqual(['stop']);
    expect(attributeValue(agent.attributes, 'gen_ai.agent.name')).toBe('Writer');
  });

  it('reads the endpoint and headers from OTEL_EXPORTER_OTLP_* of the environment it is given', async () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/`,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-team=vega,x-note=a%20b',
    };
    expect(otlpConfiguration({ env })).toEqual({
      url: `${receiver.url}/v1/traces`,
      headers: { 'x-team': 'vega', 'x-note': 'a b' },
    });
    expect(
      otlpConfiguration({ env: { ...env, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/custom` } })
        .url,
    ).toBe(`${receiver.url}/custom`);
    expect(otlpConfiguration({ env, endpoint: 'http://127.0.0.1:1' }).url).toBe(
      'http://127.0.0.1:1/v1/traces',
    );

    const tracing = setupTracing({ exporters: [otlpSpanExporter({ env })] });
    try {
      await trace.span('user.work', async () => trace.setAttribute('user.rows', 3), { 'user.kind': 'batch' });
    } finally {
      await tracing.shutdown();
    }
    expect(receiver.requests[0]?.headers['x-team']).toBe('vega');
    expect(receiver.requests[0]?.headers['x-note']).toBe('a b');
    const [span] = receiver.spans();
    expect(span?.name).toBe('user.work');
    expect(attributeValue(span!.attributes, 'user.kind')).toBe('batch');
    expect(attributeValue(span!.attributes, 'user.rows')).toBe(3);
  });
});
