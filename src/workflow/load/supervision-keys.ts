import {
  BACKOFF_TYPES,
  RESTART_TYPES,
  SUPERVISION_STRATEGIES,
} from '../../runtime/supervisor/normalize-supervision.ts';
import type {
  BackoffType,
  RestartStrategy,
  RestartType,
  SeedStrategy,
} from '../../runtime/supervisor/supervision-types.ts';
import type { BlockPlace } from './block-draft.ts';
import { applyKeyTable, type KeyTable } from './key-table.ts';
import { readMapEntries } from './map-entries.ts';
import { readChoice } from './read-choice.ts';
import { readDuration } from './read-duration.ts';
import { readNumber } from './read-scalar.ts';

export type { BlockPlace } from './block-draft.ts';

/** A `supervision:` block while its keys are read, in the shape `normalizeSupervision` takes. */
export interface SupervisionDraft extends BlockPlace {
  strategy?: RestartStrategy | SeedStrategy;
  restart?: RestartType;
  maxRestarts?: number;
  windowMs?: number;
  backoff?: BackoffDraft;
}

/** `supervision.backoff` while its keys are read. */
export interface BackoffDraft extends BlockPlace {
  type?: BackoffType;
  initialMs?: number;
  maxMs?: number;
  jitter?: number;
  resetAfterMs?: number;
}

const label = (key: string, draft: BlockPlace): string => `\`${draft.path}.${key}\`${draft.owner}`;

/** The keys of `supervision.backoff`. */
export const backoffKeys: KeyTable<BackoffDraft> = {
  place: 'in backoff',
  keys: {
    type: (entry, context, draft) =>
      assign(draft, 'type', readChoice(context, entry.value, label('type', draft), BACKOFF_TYPES)?.value),
    initial: (entry, context, draft) =>
      assign(draft, 'initialMs', readDuration(context, entry.value, label('initial', draft))?.value),
    max: (entry, context, draft) =>
      assign(draft, 'maxMs', readDuration(context, entry.value, label('max', draft))?.value),
    jitter: (entry, context, draft) => {
      const jitter = readNumber(context, entry.value, label('jitter', draft), { integer: false, minimum: 0 });
      if (jitter === undefined) return;
      if (jitter.value > 1) {
        context.report(
          'error',
          'invalid_value',
          `${label('jitter', draft)} must be at most 1, got ${jitter.value}`,
          jitter.span,
          'jitter is a fraction of the delay: 0.2 spreads it by ±20%',
        );
        return;
      }
      draft.jitter = jitter.value;
    },
    reset_after: (entry, context, draft) =>
      assign(draft, 'resetAfterMs', readDuration(context, entry.value, label('reset_after', draft))?.value),
  },
};

/** The keys of `supervision:`, under an agent or in settings. */
export const supervisionKeys: KeyTable<SupervisionDraft> = {
  place: 'in supervision',
  keys: {
    strategy: (entry, context, draft) =>
      assign(
        draft,
        'strategy',
        readChoice(context, entry.value, label('strategy', draft), SUPERVISION_STRATEGIES)?.value,
      ),
    restart: (entry, context, draft) =>
      assign(
        draft,
        'restart',
        readChoice(context, entry.value, label('restart', draft), RESTART_TYPES)?.value,
      ),
    max_restarts: (entry, context, draft) =>
      assign(
        draft,
        'maxRestarts',
        readNumber(context, entry.value, label('max_restarts', draft), { integer: true, minimum: 0 })?.value,
      ),
    window: (entry, context, draft) =>
      assign(draft, 'windowMs', readDuration(context, entry.value, label('window', draft))?.value),
    backoff: (entry, context, draft) => {
      const place = { path: `${draft.path}.backoff`, owner: draft.owner };
      const entries = readMapEntries(context, entry.value, `\`${place.path}\`${place.owner}`);
      if (entries === undefined) return;
      const backoff: BackoffDraft = { ...place };
      applyKeyTable(context, entries, backoffKeys, backoff, `\`${place.path}\`${place.owner}`);
      draft.backoff = backoff;
    },
  },
};

function assign<Draft, Key extends keyof Draft>(draft: Draft, key: Key, value: Draft[Key] | undefined): void {
  if (value !== undefined) draft[key] = value;
}
