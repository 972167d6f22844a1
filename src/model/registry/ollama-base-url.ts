import { parseBaseUrl } from './parse-base-url.ts';

const DEFAULT_OLLAMA_PORT = '11434';

/**
 * The base URL of Ollama's OpenAI-compatible API from `OLLAMA_HOST`, read the way the Ollama CLI reads
 * it: a missing scheme means `http` with port 11434 (`localhost`, `10.0.0.5:8080`, `:11434`); an
 * explicit scheme keeps its default port; a bind-all address means this machine. `/v1` is appended
 * unless present.
 *
 * @example
 * ollamaBaseUrl(undefined);          // 'http://127.0.0.1:11434/v1'
 * ollamaBaseUrl('0.0.0.0');          // 'http://127.0.0.1:11434/v1'
 * ollamaBaseUrl('https://gpu.lan/'); // 'https://gpu.lan/v1'
 */
export function ollamaBaseUrl(host: string | undefined): string {
  let value = host?.trim() ?? '';
  if (value === '') value = `127.0.0.1:${DEFAULT_OLLAMA_PORT}`;
  if (value.startsWith(':')) value = `127.0.0.1${value}`;
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  let url: URL;
  try {
    url = new URL(hasScheme ? value : `http://${value}`);
  } catch {
    return parseBaseUrl(value, 'OLLAMA_HOST');
  }
  if (!hasScheme && url.port === '') url.port = DEFAULT_OLLAMA_PORT;
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (url.hostname === '[::]') url.hostname = '[::1]';
  return parseBaseUrl(url.href, 'OLLAMA_HOST', '/v1');
}
