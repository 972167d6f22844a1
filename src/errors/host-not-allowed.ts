import { VegaError } from './vega-error.ts';

/**
 * An HTTP tool was asked for a URL whose host is not in its allow-list (`settings.allowed_hosts`, or a
 * custom tool's `capabilities.allowed_hosts`), or whose scheme is not http(s). The model sees it as the
 * tool's error, with the hosts it may reach.
 *
 * @example
 * if (error instanceof HostNotAllowed) console.log(error.url, error.allowed);
 */
export class HostNotAllowed extends VegaError {
  readonly url: string;
  readonly allowed: readonly string[];

  constructor(url: string, allowed: readonly string[], reason?: string) {
    super(
      'host_not_allowed',
      `Request to '${url}' is not allowed${reason === undefined ? '' : ` (${reason})`}; ${
        allowed.length === 0 ? 'no host is allowed here' : `allowed hosts: ${allowed.join(', ')}`
      }.`,
      { hint: 'add the host to `settings.allowed_hosts` (or the tool’s `capabilities.allowed_hosts`)' },
    );
    this.name = 'HostNotAllowed';
    this.url = url;
    this.allowed = allowed;
  }
}
