import { HostNotAllowed } from '../errors/host-not-allowed.ts';

/**
 * Checks that `url` is http(s) and that its host is in `allowed`, and returns it parsed. An entry is a
 * host name (`api.github.com`, any port), a host with a port (`127.0.0.1:8080`, that port only), or a
 * wildcard for sub-domains (`*.example.com` matches `a.example.com`, not `example.com`). Names compare
 * without case. Throws {@link HostNotAllowed} naming the allowed hosts.
 *
 * @example
 * checkUrlAllowed('https://api.github.com/repos', ['api.github.com']); // URL { host: 'api.github.com', … }
 */
export function checkUrlAllowed(url: string, allowed: readonly string[]): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HostNotAllowed(url, allowed, 'not a valid absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new HostNotAllowed(
      url,
      allowed,
      `the scheme '${parsed.protocol.slice(0, -1)}' is not http or https`,
    );
  if (!allowed.some((entry) => hostMatches(parsed, entry))) throw new HostNotAllowed(url, allowed);
  return parsed;
}

function hostMatches(url: URL, entry: string): boolean {
  const wanted = entry.trim().toLowerCase();
  const hostname = url.hostname.toLowerCase();
  if (wanted.startsWith('*.'))
    return hostname.endsWith(wanted.slice(1)) && hostname.length > wanted.length - 1;
  if (wanted.includes(':') && !wanted.startsWith('[')) {
    // host:port — compare with the URL's port, the scheme's default when the URL has none.
    const port = url.port === '' ? (url.protocol === 'https:' ? '443' : '80') : url.port;
    return wanted === `${hostname}:${port}`;
  }
  return wanted === hostname;
}
