import { describe, expect, it } from 'vitest';
import { parseTeam as parse, problems } from '../../../test/support/workflow-problems.ts';

const withSettings = (...lines: string[]): string =>
  `settings:\n${lines.map((line) => `  ${line}\n`).join('')}agents:\n  A: { system: s }\n`;

describe('settings.logging and settings.tracing', () => {
  it('are read into the settings, the log file resolved against the file’s folder', () => {
    const document = parse(
      withSettings(
        'logging: { level: debug, file: ./logs/vega.log }',
        'tracing: { enabled: true, exporter: otlp, endpoint: "http://127.0.0.1:4318" }',
      ),
    );
    expect(document.settings.logging).toEqual({ level: 'debug', file: '/project/logs/vega.log' });
    expect(document.settings.tracing).toEqual({
      enabled: true,
      exporter: 'otlp',
      endpoint: 'http://127.0.0.1:4318',
    });
  });

  it('take effect: neither warns', () => {
    const document = parse(
      withSettings('logging: { level: warn, format: text }', 'tracing: { exporter: chrome }'),
    );
    expect(document.warnings).toEqual([]);
  });

  it('report every misspelt key, unknown choice and bad value in one pass, with did-you-mean', () => {
    const text = withSettings(
      'logging: { levle: info, file: [a] }',
      'tracing:',
      '    enabled: yes please',
      '    exporter: otpl',
      '    endpoint: 127.0.0.1:4318',
      '    sampler: 0.5',
    );
    expect(problems(text)).toEqual([
      "2:14 unknown_key unknown key 'levle' in `settings.logging` — did you mean 'level'?",
      '2:33 invalid_type `settings.logging.file` must be text, got a list',
      "4:16 invalid_type `settings.tracing.enabled` must be true or false, got text ('yes please')",
      "5:17 invalid_value `settings.tracing.exporter` must be one of jsonl, otlp, chrome, store, got 'otpl' — did you mean 'otlp'?",
      "6:17 invalid_value `settings.tracing.endpoint` must be an http or https URL, got '127.0.0.1:4318' — write it like https://hooks.example.com/budget",
      "7:7 unknown_key unknown key 'sampler' in `settings.tracing` — valid keys: enabled, exporter, endpoint",
    ]);
  });

  it('refuse a level that is not one of the four, suggesting the closest', () => {
    expect(problems(withSettings('logging: { level: inof }'))).toEqual([
      "2:21 invalid_value `settings.logging.level` must be one of debug, info, warn, error, got 'inof' — did you mean 'info'?",
    ]);
  });

  it('must be maps', () => {
    expect(problems(withSettings('logging: info'))).toEqual([
      expect.stringMatching(/^2:12 .*`settings\.logging`/),
    ]);
  });
});
