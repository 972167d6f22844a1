import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelCallOptions } from '../../spec/model.ts';
import { loadScript } from './load-script.ts';
import { scriptedModel } from './scripted-model.ts';
import { scriptedModelFromSpec } from './scripted-model-from-spec.ts';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'vega-scripted-'));
  await writeFile(
    join(directory, 'haiku.yaml'),
    'replies:\n  - agent: Writer\n    text: "Silent pond"\n    usage: { input: 12, output: 3 }\nfallback: echo\n',
  );
  await writeFile(
    join(directory, 'weather.json'),
    JSON.stringify({ replies: [{ tool_calls: [{ name: 'w' }] }] }),
  );
  await writeFile(join(directory, 'bad.yaml'), 'replies:\n  - text: ok\n  - times: never\n');
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const options: ModelCallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'write' }] }],
  providerOptions: { vega: { agent: 'Writer' } },
};

describe('loadScript', () => {
  it('loads YAML and JSON script files', async () => {
    const model = scriptedModel(loadScript(join(directory, 'haiku.yaml')));
    expect((await model.doGenerate(options)).content).toEqual([{ type: 'text', text: 'Silent pond' }]);
    expect(loadScript(join(directory, 'weather.json'))).toEqual({
      replies: [{ toolCalls: [{ name: 'w', input: {} }] }],
    });
  });

  it('names the file and the entry of a bad script, and a file that is missing', () => {
    const bad = join(directory, 'bad.yaml');
    expect(() => loadScript(bad)).toThrow(
      `Invalid script ${bad}: replies[1].times (line 3, column 5): must be a whole number from 1, or 'always'`,
    );
    const missing = join(directory, 'missing.yaml');
    expect(() => loadScript(missing)).toThrow(
      `Invalid script ${missing}: top level: cannot read it: no such file`,
    );
  });
});

describe('scriptedModelFromSpec', () => {
  it('gives the echo model for `echo`', async () => {
    const model = scriptedModelFromSpec('echo', { cwd: directory });
    expect(model.modelId).toBe('echo');
    expect((await model.doGenerate(options)).content).toEqual([{ type: 'text', text: '[echo] write' }]);
  });

  it('loads a script file relative to cwd, named by the spec', async () => {
    const model = scriptedModelFromSpec('haiku.yaml', { cwd: directory });
    expect(model.modelId).toBe('haiku.yaml');
    expect(model.provider).toBe('scripted');
    expect((await model.doGenerate(options)).content).toEqual([{ type: 'text', text: 'Silent pond' }]);
    expect((await model.doGenerate(options)).content).toEqual([{ type: 'text', text: '[echo] write' }]);
  });
});
