import { VegaError } from '../../errors/vega-error.ts';

/**
 * The metrics endpoint could not listen (the port is taken, the host is not this machine's). Code
 * `metrics_server_failed`.
 *
 * @example
 * if (VegaError.isInstance(error) && error.code === 'metrics_server_failed') console.error(error.hint);
 */
export class MetricsServerError extends VegaError {
  readonly host: string;
  readonly port: number;

  constructor(host: string, port: number, cause: unknown) {
    const reason = (cause as { code?: string } | undefined)?.code;
    super(
      'metrics_server_failed',
      `Cannot serve metrics on ${host}:${port}${reason === undefined ? '' : ` (${reason})`}.`,
      {
        cause,
        hint:
          reason === 'EADDRINUSE'
            ? 'Another program uses that port: pick another with --metrics-port, or 0 for any free one.'
            : 'Check --metrics-host and --metrics-port.',
      },
    );
    this.name = 'MetricsServerError';
    this.host = host;
    this.port = port;
  }
}
