import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';

/**
 * Warns (`not_yet_effective`, at the key) that a setting is read and checked but not acted on yet:
 * files written for the Go implementation carry `logging` and `tracing`, and must still validate and
 * run. Observability (issue 7) makes them take effect.
 *
 * @example
 * reportNotYetEffective(context, entry, 'settings.tracing');
 */
export function reportNotYetEffective(context: LoadContext, entry: MapEntry, path: string): void {
  context.report(
    'warning',
    'not_yet_effective',
    `\`${path}\` is checked but takes effect in a later version of Vega; this run ignores it`,
    entry.keySpan,
    'keep it: it will apply once Vega supports it, with no change to the file',
  );
}
