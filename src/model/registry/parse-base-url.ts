import { VegaError } from '../../errors/vega-error.ts';

/**
 * Checks that a base URL from `variable` is an http(s) URL and returns it without trailing slashes;
 * with `ensureSuffix`, that path segment (e.g. `/v1`) is appended unless the path already ends with it.
 */
export function parseBaseUrl(value: string, variable: string, ensureSuffix?: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidBaseUrl(value, variable);
  }
  // A query string would end up before the path the adapter appends (`/messages`, `/chat/completions`).
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '')
    throw invalidBaseUrl(value, variable);
  let path = url.pathname.replace(/\/+$/, '');
  if (ensureSuffix !== undefined && !path.endsWith(ensureSuffix)) path += ensureSuffix;
  return `${url.origin}${path}`;
}

function invalidBaseUrl(value: string, variable: string): VegaError {
  return new VegaError('invalid_base_url', `${variable} is not an http(s) base URL: '${value}'.`, {
    hint: `Set ${variable} to a URL without a query string, such as https://api.example.com/v1, or unset it to use the default.`,
  });
}
