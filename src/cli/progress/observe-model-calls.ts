import type { Cost } from '../../spec/cost.ts';
import type { EffectJournal, EffectOptions } from '../../spec/effect-journal.ts';
import type { Usage } from '../../spec/usage.ts';

/** Told after each model call a journal completes (or gives back as recorded), with the effect's key. */
export type ModelCallObserver = (key: string, usage: Usage, cost: Cost | undefined) => void;

/**
 * The journal as it is, except that every `model-call` effect's result is shown to `observe` once it
 * completes: a run's model calls reach the progress display as they happen, keyed by position
 * (`step-1/parallel/0/agent:Writer/t2/model`). Every other member goes to the journal itself, so members
 * added to the journal later keep working.
 *
 * @example
 * runWorkflow(document, { journal: { journal: observeModelCalls(journal, onCall), runId }, ... });
 */
export function observeModelCalls<Journal extends EffectJournal>(
  journal: Journal,
  observe: ModelCallObserver,
): Journal {
  async function effect<Value>(
    key: string,
    options: EffectOptions<Value>,
    perform: () => Promise<Value>,
  ): Promise<Value> {
    const value = await journal.effect(key, options, perform);
    if (options.kind === 'model-call') {
      const reply = value as { usage?: Usage; call?: { cost?: Cost }; recorded?: { cost?: Cost } } | null;
      if (reply?.usage !== undefined) observe(key, reply.usage, reply.call?.cost ?? reply.recorded?.cost);
    }
    return value;
  }
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(journal, {
    get(target, property) {
      if (property === 'effect') return effect;
      const member: unknown = Reflect.get(target, property, target);
      if (typeof member !== 'function') return member;
      // Methods run on the journal itself: its private fields are not reachable through the proxy.
      let method = bound.get(property);
      if (method === undefined) {
        method = member.bind(target);
        bound.set(property, method);
      }
      return method;
    },
  });
}
