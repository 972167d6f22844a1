/**
 * Two agents as supervised processes, in TypeScript. Runs offline on a scripted model:
 *
 *   node examples/supervision.ts
 *
 * The researcher's provider is overloaded twice: each time its process crashes and the supervisor
 * restarts it, after 100 ms then 200 ms (exponential backoff). The summariser, its sibling under a
 * one_for_one supervisor, keeps its process and its conversation throughout.
 */
import {
  type AgentResult,
  agentProcess,
  askAgent,
  type Clock,
  createRuntime,
  defineAgent,
  describeExitReason,
  type Model,
  ProcessExited,
  type ProcessRuntime,
  startSupervisor,
  whichChildren,
} from '../src/index.ts';
import { scriptedModel } from '../src/testing/index.ts';

const FACTS =
  'Otters hold hands while they sleep, keep a favourite stone to crack shells, and have the densest fur of any animal.';

/** The offline model: the researcher's provider is overloaded twice before it answers; the summariser is steady. */
export function offlineModel(): Model {
  return scriptedModel(
    {
      replies: [
        { agent: 'researcher', error: { status: 529, message: 'Overloaded' }, times: 2 },
        { agent: 'researcher', text: FACTS, usage: { input: 40, output: 28 } },
        { agent: 'summariser', match: '/what is an otter/i', text: 'A river mammal that loves to play.' },
        {
          agent: 'summariser',
          match: '/^summarise/i',
          text: 'Otters sleep hand in hand, carry their own tools and wear the thickest fur there is.',
        },
      ],
    },
    { modelId: 'claude-haiku-4-5' },
  );
}

/** What {@link superviseTwoAgents} got from the agents. */
export interface TeamAnswers {
  readonly definition: string;
  readonly facts: string;
  readonly summary: string;
}

/**
 * Starts a supervisor with a flaky researcher and a steady summariser, asks them both at once, then
 * asks the summariser to summarise the researcher's facts, printing every restart as it happens.
 * Shuts the runtime down before it returns.
 */
export async function superviseTwoAgents(
  options: { readonly clock?: Clock; readonly print?: (line: string) => void } = {},
): Promise<TeamAnswers> {
  const print = options.print ?? console.log;
  const { processes, environment } = createRuntime(
    options.clock === undefined ? {} : { clock: options.clock },
  );
  const model = offlineModel();
  // One attempt per call, so the overloaded replies reach the supervisor instead of being retried in place.
  const policies = { retry: { maxAttempts: 1, backoff: 'constant', initialMs: 0, maxMs: 0 } } as const;
  const researcher = defineAgent({
    name: 'researcher',
    model,
    system: 'You find three surprising facts.',
    policies,
  });
  const summariser = defineAgent({ name: 'summariser', model, system: 'You answer in one sentence.' });

  const stopPrinting = processes.on((event) => {
    if (event.type === 'process-restart') {
      print(
        `↻ ${event.child} restarted (restart ${event.attempt}, after ${event.delayMs} ms): ${describeExitReason(event.reason)}`,
      );
    }
  });
  const team = startSupervisor(
    processes,
    {
      strategy: 'one_for_one',
      maxRestarts: 5,
      windowMs: 60_000,
      children: [
        {
          id: 'researcher',
          start: agentProcess(researcher, { environment }),
          backoff: { type: 'exponential', initialMs: 100, maxMs: 2_000, jitter: 0 },
          options: { name: 'researcher' },
        },
        {
          id: 'summariser',
          start: agentProcess(summariser, { environment }),
          options: { name: 'summariser' },
        },
      ],
    },
    { name: 'team' },
  );

  try {
    // A supervisor has started once all its children have (OTP's start_link): then they are registered.
    await processes.whenStarted(team);
    const children = await whichChildren(processes, team);
    print(`team: ${children.map((child) => `${child.id} (${child.state})`).join(', ')}`);
    const [facts, definition] = await Promise.all([
      askUntilAnswered(processes, 'researcher', 'Find three surprising facts about otters.').then(
        (result) => {
          print(`researcher: ${result.text}`);
          return result.text;
        },
      ),
      askAgent(processes, 'summariser', 'In a few words, what is an otter?').then((result) => {
        print(`summariser: ${result.text}`);
        return result.text;
      }),
    ]);
    // The summariser's process never crashed, so this continues its conversation.
    const summary = await askAgent(processes, 'summariser', `Summarise these facts: ${facts}`);
    print(`summariser: ${summary.text} (${summary.messages.length} messages in its conversation)`);
    return { definition, facts, summary: summary.text };
  } finally {
    stopPrinting();
    await processes.shutdown();
  }
}

/**
 * Asks an agent process; when it crashes on the request, waits for its supervisor to restart it and
 * asks the new process again. Rejects if the supervisor gives up instead.
 */
async function askUntilAnswered(
  processes: ProcessRuntime,
  name: string,
  input: string,
): Promise<AgentResult> {
  for (;;) {
    const restarted = restartOf(processes, name);
    try {
      return await askAgent(processes, name, input);
    } catch (error) {
      if (!(error instanceof ProcessExited)) throw error;
      await restarted.promise;
    } finally {
      restarted.cancel();
    }
  }
}

/** Settles when the supervisor restarts the child `name` (or rejects when it gives up on it). */
function restartOf(processes: ProcessRuntime, name: string): { promise: Promise<void>; cancel: () => void } {
  let cancel = (): void => {};
  const promise = new Promise<void>((resolve, reject) => {
    cancel = processes.on((event) => {
      if (event.type === 'process-restart' && event.child === name) {
        cancel();
        resolve();
      } else if (event.type === 'supervisor-give-up' && event.child === name) {
        cancel();
        reject(new Error(`The supervisor gave up on ${name}: ${describeExitReason(event.reason)}`));
      }
    });
  });
  return { promise, cancel };
}

if (import.meta.main) {
  await superviseTwoAgents();
}
