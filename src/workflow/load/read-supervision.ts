import { VegaError } from '../../errors/vega-error.ts';
import {
  normalizeSupervision,
  type SupervisionInput,
} from '../../runtime/supervisor/normalize-supervision.ts';
import type { SupervisionPolicy } from '../../runtime/supervisor/supervision-types.ts';
import type { Located } from '../document/located.ts';
import { type BlockPlace, countErrors } from './block-draft.ts';
import { applyKeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';
import { readMapEntries } from './map-entries.ts';
import { type SupervisionDraft, supervisionKeys } from './supervision-keys.ts';

/**
 * Reads a `supervision:` block as written, each key checked where it is; the block is resolved
 * against its base later, by {@link resolveSupervision}, because an agent's base is the settings'
 * block. The span is the `supervision` key's, where problems of the whole block are reported. A block
 * with errors gives `undefined`: resolving it would only report the gaps the errors left.
 *
 * @example
 * const block = readSupervision(context, entry, { path: 'supervision', owner: " of agent 'Coder'" });
 */
export function readSupervision(
  context: LoadContext,
  entry: MapEntry,
  place: BlockPlace,
): Located<SupervisionInput> | undefined {
  const entries = readMapEntries(context, entry.value, `\`${place.path}\`${place.owner}`);
  if (entries === undefined) return undefined;
  const errorsBefore = countErrors(context);
  const draft: SupervisionDraft = { ...place };
  applyKeyTable(context, entries, supervisionKeys, draft, `\`${place.path}\`${place.owner}`);
  return countErrors(context) === errorsBefore ? { value: draft, span: entry.keySpan } : undefined;
}

/**
 * The policy a block gives on top of `base`; without a block, `base`. Problems only the whole block
 * shows (a contradiction between keys, an initial delay longer than the cap once the base's fields are
 * filled in) are reported at the block as `invalid_supervision`, and give `base`.
 *
 * @example
 * const supervision = resolveSupervision(context, draft.supervision, settings.supervision ?? DEFAULT_SUPERVISION);
 */
export function resolveSupervision(
  context: LoadContext,
  block: Located<SupervisionInput> | undefined,
  base: SupervisionPolicy,
): SupervisionPolicy {
  if (block === undefined) return base;
  try {
    return normalizeSupervision(block.value, base);
  } catch (error) {
    if (!VegaError.isInstance(error)) throw error;
    context.report('error', error.code, error.message, block.span, error.hint);
    return base;
  }
}
