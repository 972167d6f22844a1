import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../redact/redactor.ts';
import { createLogger } from './create-logger.ts';
import { eventLogWriter } from './log-events.ts';

const KEY = 'sk-ant-FAKE-0123456789abcdefghij';

function memoryLogger(options: Parameters<typeof createLogger>[0] = {}) {
  const lines: string[] = [];
  const { logger } = createLogger({ ...options, stream: { write: (text: string) => lines.push(text) } });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes JSON lines with level, time, component and the message', () => {
    const { logger, records } = memoryLogger({ level: 'debug' });
    logger.child({ component: 'run' }).info({ runId: 'r1' }, 'run started');
    expect(records()).toEqual([
      { level: 30, time: expect.any(Number), component: 'run', runId: 'r1', msg: 'run started' },
    ]);
  });

  it('adds the trace and span ids of the active span', () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const { logger, records } = memoryLogger();
      const spanContext = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 };
      const span = trace.wrapSpanContext(spanContext);
      context.with(trace.setSpan(context.active(), span), () => logger.info('inside'));
      logger.info('outside');
      const [inside, outside] = records();
      expect(inside).toMatchObject({ traceId: spanContext.traceId, spanId: spanContext.spanId });
      expect(outside?.traceId).toBeUndefined();
    } finally {
      context.disable();
    }
  });

  it('redacts secrets in messages, fields, errors and secret-named keys at any depth', () => {
    const redactor = createRedactor({ env: { ANTHROPIC_API_KEY: KEY } });
    const { logger, lines } = memoryLogger({ redactor });
    logger.warn(
      { tool: { input: { api_key: { nested: 'x' } } }, headers: { authorization: 'Basic Zm9vOmJhcg==' } },
      `key ${KEY}`,
    );
    logger.error({ err: new Error(`failed with ${KEY}`) }, 'call failed');
    const text = lines.join('');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('Zm9vOmJhcg==');
    expect(text).not.toContain('nested');
    expect(text).toContain('[REDACTED]');
  });

  it('writes text lines for people, coloured only when asked', () => {
    const plain = memoryLogger({ format: 'text' });
    plain.logger
      .child({ component: 'pipeline' })
      .warn({ model: 'claude-haiku-4-5', attempt: 2 }, 'retry scheduled');
    expect(plain.lines).toEqual([
      expect.stringMatching(
        /^\d\d:\d\d:\d\d\.\d{3} WARN {2}pipeline retry scheduled model=claude-haiku-4-5 attempt=2\n$/,
      ),
    ]);
    const coloured = memoryLogger({ format: 'text', color: true });
    coloured.logger.error('boom');
    expect(coloured.lines[0]).toContain('\u001b[31mERROR');
  });

  it('appends to a file, synchronously, creating its folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'vega-log-'));
    try {
      const file = join(folder, 'logs', 'vega.log');
      const { logger, close } = createLogger({ file });
      logger.info('one');
      close();
      const again = createLogger({ file });
      again.logger.info('two');
      again.close();
      const messages = (await readFile(file, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).msg);
      expect(messages).toEqual(['one', 'two']);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('eventLogWriter', () => {
  it('logs each event at its level with its component, the run id and the process id', () => {
    const { logger, records } = memoryLogger({ level: 'debug' });
    const log = eventLogWriter(logger);
    log('model-call-completed', { key: 'k', usage: { inputTokens: 3 }, costUsd: 0.001 }, 'run-1');
    log('process-restart', { type: 'process-restart', pid: 7, child: 'Coder', attempt: 1 });
    log('message-sent', { anything: true });
    expect(records()).toMatchObject([
      {
        level: 20,
        component: 'agent',
        msg: 'model call ended',
        runId: 'run-1',
        costUsd: 0.001,
        event: 'model-call-completed',
      },
      {
        level: 40,
        component: 'supervisor',
        msg: 'supervisor restarted a child',
        processId: '7',
        child: 'Coder',
      },
    ]);
    expect(records()[1]).not.toHaveProperty('type');
  });

  it('writes nothing below the level', () => {
    const { logger, lines } = memoryLogger({ level: 'warn' });
    const log = eventLogWriter(logger);
    log('step-started', { index: 0 });
    log('run-started', {});
    expect(lines).toEqual([]);
  });
});
