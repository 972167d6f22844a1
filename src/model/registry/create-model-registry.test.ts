import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockLanguageModelV4 } from 'ai/test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MissingApiKey } from '../../errors/missing-api-key.ts';
import { UnknownModel } from '../../errors/unknown-model.ts';
import { VegaError } from '../../errors/vega-error.ts';
import type { Model, ModelCallOptions } from '../../spec/model.ts';
import { createModelRegistry } from './create-model-registry.ts';
import type { Environment } from './model-registry.ts';

const options: ModelCallOptions = { prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };

interface RecordedRequest {
  readonly url: string;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** A fetch that records each request and answers 500, so a call reaches the wire and fails quickly. */
function recordingFetch() {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    requests.push({
      url: String(input instanceof Request ? input.url : input),
      headers: new Headers(init?.headers),
      body: JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>,
    });
    return new Response(JSON.stringify({ error: { message: 'recorded', type: 'api_error' } }), {
      status: 500,
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

/** Sends one call and returns the request the adapter made. */
async function requestOf(name: string, env: Environment): Promise<RecordedRequest> {
  const { fetch, requests } = recordingFetch();
  const model = createModelRegistry({ env, fetch }).resolve(name);
  await Promise.resolve(model.doGenerate(options)).catch(() => undefined);
  expect(requests).toHaveLength(1);
  return requests[0]!;
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const keys = { ANTHROPIC_API_KEY: 'sk-ant-test', OPENAI_API_KEY: 'sk-openai-test' };

describe('createModelRegistry().resolve, providers', () => {
  it('routes claude-* to Anthropic with the key and fetch it was given', async () => {
    const model = createModelRegistry({ env: keys }).resolve('claude-sonnet-4-5');
    expect(model).toMatchObject({
      specificationVersion: 'v4',
      provider: 'anthropic.messages',
      modelId: 'claude-sonnet-4-5',
    });
    const request = await requestOf('claude-sonnet-4-5', keys);
    expect(request.url).toBe('https://api.anthropic.com/v1/messages');
    expect(request.headers.get('x-api-key')).toBe('sk-ant-test');
    expect(request.body.model).toBe('claude-sonnet-4-5');
  });

  it.each(['https://proxy.example.com', 'https://proxy.example.com/', 'https://proxy.example.com/v1/'])(
    'accepts ANTHROPIC_BASE_URL %s with or without /v1',
    async (baseUrl) => {
      const request = await requestOf('anthropic:claude-haiku-4-5', { ...keys, ANTHROPIC_BASE_URL: baseUrl });
      expect(request.url).toBe('https://proxy.example.com/v1/messages');
    },
  );

  it.each([
    ['gpt-5', 'openai.responses'],
    ['gpt-4o-mini', 'openai.responses'],
    ['chatgpt-4o-latest', 'openai.responses'],
    ['o1', 'openai.responses'],
    ['o3-mini', 'openai.responses'],
    ['o4-mini', 'openai.responses'],
    ['openai:gpt-4.1', 'openai.responses'],
    ['openai-chat:gpt-4.1', 'openai.chat'],
  ])('routes %s to %s', (name, provider) => {
    expect(createModelRegistry({ env: keys }).resolve(name).provider).toBe(provider);
  });

  it('sends OpenAI Responses and Chat Completions requests to OPENAI_BASE_URL with the key', async () => {
    const env = { ...keys, OPENAI_BASE_URL: 'https://gateway.example.com/openai/v1/' };
    const responses = await requestOf('gpt-5-mini', env);
    expect(responses.url).toBe('https://gateway.example.com/openai/v1/responses');
    expect(responses.headers.get('authorization')).toBe('Bearer sk-openai-test');
    const chat = await requestOf('openai-chat:gpt-4o', env);
    expect(chat.url).toBe('https://gateway.example.com/openai/v1/chat/completions');
    expect(chat.body.model).toBe('gpt-4o');
  });

  it('serves an OpenAI-compatible server from <NAME>_BASE_URL, with an optional key', async () => {
    const env = { TOGETHER_AI_BASE_URL: 'https://api.together.example/v1' };
    const name = 'openai-compatible:together-ai:meta-llama/Llama-3.3-70B-Instruct-Turbo';
    const model = createModelRegistry({ env }).resolve(name);
    expect(model).toMatchObject({
      provider: 'together-ai.chat',
      modelId: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    });
    const anonymous = await requestOf(name, env);
    expect(anonymous.url).toBe('https://api.together.example/v1/chat/completions');
    expect(anonymous.headers.get('authorization')).toBeNull();
    const keyed = await requestOf(name, { ...env, TOGETHER_AI_API_KEY: 'tg-key' });
    expect(keyed.headers.get('authorization')).toBe('Bearer tg-key');
  });

  it('says which variable an OpenAI-compatible server needs', () => {
    const error = thrownBy(() =>
      createModelRegistry({ env: {} }).resolve('openai-compatible:groq:llama-3.3-70b'),
    );
    expect(VegaError.isInstance(error) && error.code).toBe('missing_base_url');
    expect((error as VegaError).message).toContain('GROQ_BASE_URL');
    expect((error as VegaError).hint).toContain('GROQ_API_KEY');
  });

  it('refuses a base URL that is not an http(s) URL', () => {
    const error = thrownBy(() =>
      createModelRegistry({ env: { ...keys, OPENAI_BASE_URL: 'api.openai.com' } }).resolve('gpt-5'),
    );
    expect(VegaError.isInstance(error) && error.code).toBe('invalid_base_url');
    expect((error as VegaError).message).toContain('OPENAI_BASE_URL');
  });
});

describe('createModelRegistry().resolve, Ollama over a real socket', () => {
  let server: Server | undefined;
  afterEach(async () => {
    const open = server;
    server = undefined;
    if (open !== undefined) await new Promise<void>((resolve) => open.close(() => resolve()));
  });

  it('needs no key and finds the server from an OLLAMA_HOST without scheme or /v1', async () => {
    const seen: { url?: string | undefined; authorization?: string | undefined } = {};
    server = createServer((request, response) => {
      seen.url = request.url;
      seen.authorization = request.headers.authorization;
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            id: 'chatcmpl-1',
            object: 'chat.completion',
            created: 1,
            model: 'llama3.2',
            choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
          }),
        );
      });
    });
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    const port = (listening.address() as AddressInfo).port;

    const model = createModelRegistry({ env: { OLLAMA_HOST: `127.0.0.1:${port}` } }).resolve(
      'ollama:llama3.2',
    );
    expect(model.provider).toBe('ollama.chat');
    const result = await model.doGenerate(options);
    expect(result.content).toEqual([{ type: 'text', text: 'hello' }]);
    expect(seen).toEqual({ url: '/v1/chat/completions', authorization: undefined });
  });

  it('keeps colons in Ollama model tags', () => {
    expect(createModelRegistry({ env: {} }).resolve('ollama:llama3.1:8b').modelId).toBe('llama3.1:8b');
  });
});

describe('createModelRegistry().resolve, keys', () => {
  it.each([
    ['claude-sonnet-4-5', 'ANTHROPIC_API_KEY', 'Anthropic'],
    ['anthropic:claude-haiku-4-5', 'ANTHROPIC_API_KEY', 'Anthropic'],
    ['gpt-5', 'OPENAI_API_KEY', 'OpenAI'],
    ['openai-chat:gpt-4o', 'OPENAI_API_KEY', 'OpenAI'],
  ])('throws MissingApiKey for %s without %s', (name, variable, provider) => {
    const error = thrownBy(() => createModelRegistry({ env: { [variable]: '  ' } }).resolve(name));
    expect(MissingApiKey.isMissingApiKey(error)).toBe(true);
    expect(error).toMatchObject({ code: 'missing_api_key', provider, variable });
    expect((error as MissingApiKey).message).toContain(variable);
    expect((error as MissingApiKey).hint).toContain(`export ${variable}=`);
    expect((error as MissingApiKey).hint).toContain('--model scripted:echo');
  });

  it('reads keys only when a model is resolved', () => {
    const env: Record<string, string> = {};
    const registry = createModelRegistry({ env });
    expect(() => registry.resolve('claude-sonnet-4-5')).toThrow(MissingApiKey);
    env.ANTHROPIC_API_KEY = 'sk-ant-later';
    expect(registry.resolve('claude-sonnet-4-5').modelId).toBe('claude-sonnet-4-5');
  });
});

describe('createModelRegistry().resolve, scripted and registered providers', () => {
  it('delegates scripted:<spec> to the scripted factory, creating a fresh model each time', () => {
    const scripted = vi.fn((spec: string): Model => new MockLanguageModelV4({ modelId: spec }));
    const registry = createModelRegistry({ env: {}, scripted });
    const first = registry.resolve('scripted:echo');
    const second = registry.resolve('scripted:echo');
    expect(first.modelId).toBe('echo');
    expect(first).not.toBe(second);
    expect(registry.resolve('scripted:./script.json:strict').modelId).toBe('./script.json:strict');
    expect(scripted).toHaveBeenCalledTimes(3);
  });

  it('explains how to wire the scripted model when it is missing', () => {
    const error = thrownBy(() => createModelRegistry({ env: {} }).resolve('scripted:echo'));
    expect(UnknownModel.isUnknownModel(error)).toBe(true);
    expect((error as UnknownModel).message).toContain('without one');
    expect((error as UnknownModel).hint).toContain('scripted:');
  });

  it('serves registered providers and lets them replace built-in ones', () => {
    const registry = createModelRegistry({ env: { BEDROCK_REGION: 'eu-west-1' } });
    const factory = vi.fn((modelId: string): Model => new MockLanguageModelV4({ modelId }));
    registry.register('bedrock', factory);
    expect(registry.resolve('bedrock:anthropic.claude-v2:1').modelId).toBe('anthropic.claude-v2:1');
    expect(factory).toHaveBeenCalledWith('anthropic.claude-v2:1', { BEDROCK_REGION: 'eu-west-1' });

    registry.register(
      'anthropic',
      (modelId) => new MockLanguageModelV4({ provider: 'fake-anthropic', modelId }),
    );
    expect(registry.resolve('claude-sonnet-4-5').provider).toBe('fake-anthropic');
  });

  it('refuses a provider name with a colon', () => {
    expect(() => createModelRegistry().register('a:b', () => new MockLanguageModelV4())).toThrow(TypeError);
  });

  it('caches models per name', () => {
    const registry = createModelRegistry({ env: keys });
    expect(registry.resolve('claude-sonnet-4-5')).toBe(registry.resolve(' claude-sonnet-4-5 '));
    expect(registry.resolve('claude-sonnet-4-5')).not.toBe(registry.resolve('anthropic:claude-sonnet-4-5'));
  });
});

describe('createModelRegistry().resolve, unknown names', () => {
  const registry = createModelRegistry({ env: keys });

  function unknown(name: string): UnknownModel {
    const error = thrownBy(() => registry.resolve(name));
    expect(UnknownModel.isUnknownModel(error)).toBe(true);
    expect(error).toMatchObject({ code: 'unknown_model', model: name.trim() });
    return error as UnknownModel;
  }

  it('suggests the closest known model id and lists the accepted forms', () => {
    const error = unknown('gpt4o');
    expect(error.suggestion).toBe('gpt-4o');
    expect(error.message).toBe(
      "Vega does not know which provider serves model 'gpt4o'. Did you mean 'gpt-4o'?",
    );
    expect(error.hint).toContain('openai-chat:<model>');
    expect(error.hint).toContain('ollama:<model>');
    expect(unknown('cluade-sonnet-4-5').suggestion).toBe('claude-sonnet-4-5');
  });

  it('suggests nothing when nothing is close', () => {
    expect(unknown('llama3').suggestion).toBeUndefined();
    expect(unknown('').suggestion).toBeUndefined();
  });

  it('suggests the closest provider for an unknown prefix', () => {
    const error = unknown('antropic:claude-sonnet-4-5');
    expect(error.suggestion).toBe('anthropic:claude-sonnet-4-5');
    expect(error.message).toContain("No provider named 'antropic'");
  });

  it('lists registered providers among the accepted forms', () => {
    const withBedrock = createModelRegistry({ env: {} });
    withBedrock.register('bedrock', () => new MockLanguageModelV4());
    const error = thrownBy(() => withBedrock.resolve('mistral-large')) as UnknownModel;
    expect(error.acceptedForms).toContain('bedrock:<model>');
  });

  it('explains incomplete names', () => {
    expect(unknown('openai-compatible:groq').message).toContain('openai-compatible:<name>:<model>');
    expect(unknown('anthropic:').message).toContain('anthropic:<model>');
  });

  it('explains a priced model that no built-in provider serves', () => {
    const error = unknown('gemini-2.5-pro');
    expect(error.suggestion).toBeUndefined();
    expect(error.hint).toContain('openai-compatible:gemini:gemini-2.5-pro');
    expect(error.hint).toContain('GEMINI_BASE_URL=https://generativelanguage.googleapis.com/v1beta/openai');
  });
});
