import { describe, expect, it } from 'vitest';
import { VegaError } from '../../errors/vega-error.ts';
import { ollamaBaseUrl } from './ollama-base-url.ts';

describe('ollamaBaseUrl', () => {
  it.each([
    [undefined, 'http://127.0.0.1:11434/v1'],
    ['', 'http://127.0.0.1:11434/v1'],
    ['localhost', 'http://localhost:11434/v1'],
    ['10.0.0.5:8080', 'http://10.0.0.5:8080/v1'],
    [':11500', 'http://127.0.0.1:11500/v1'],
    ['0.0.0.0', 'http://127.0.0.1:11434/v1'],
    ['0.0.0.0:11434', 'http://127.0.0.1:11434/v1'],
    ['[::]:11434', 'http://[::1]:11434/v1'],
    ['http://gpu.lan:11434', 'http://gpu.lan:11434/v1'],
    ['http://gpu.lan:11434/v1/', 'http://gpu.lan:11434/v1'],
    ['https://ollama.example.com/', 'https://ollama.example.com/v1'],
    ['http://gpu.lan', 'http://gpu.lan/v1'],
    ['https://example.com/ollama', 'https://example.com/ollama/v1'],
  ])('reads OLLAMA_HOST=%j as %s', (host, url) => {
    expect(ollamaBaseUrl(host)).toBe(url);
  });

  it('names OLLAMA_HOST when it is not a URL', () => {
    const error = (() => {
      try {
        return ollamaBaseUrl('http://exa mple');
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(VegaError.isInstance(error) && error.code).toBe('invalid_base_url');
    expect((error as VegaError).message).toContain('OLLAMA_HOST');
  });
});
