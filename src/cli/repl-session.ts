import { join, resolve } from 'node:path';
import { addCosts, ZERO_COST } from '../cost/add-costs.ts';
import { formatUsd } from '../cost/format-usd.ts';
import { createRuntime, type Runtime } from '../create-runtime.ts';
import { didYouMean } from '../diagnostics/closest-name.ts';
import { type McpToolbox, openMcpTools } from '../mcp/open-mcp-tools.ts';
import type { Cost } from '../spec/cost.ts';
import { addUsage, type Usage, ZERO_USAGE } from '../spec/usage.ts';
import type { WorkflowDocument } from '../workflow/document/workflow-document.ts';
import { loadWorkflowFile } from '../workflow/load/load-workflow-file.ts';
import { createAgentInvoker } from '../workflow/run/create-agent-invoker.ts';
import { modelPrices } from '../workflow/run/model-prices.ts';
import { runWorkflow } from '../workflow/run/run-workflow.ts';
import type { AgentInvoker } from '../workflow/run/workflow-result.ts';
import { parseTemplate } from '../workflow/template/parse-template.ts';
import { renderTemplateText } from '../workflow/template/render-template.ts';
import { systemTemplateSources } from '../workflow/template/system-template-sources.ts';
import type { CliIo } from './cli-io.ts';
import { formatAgentDefinition } from './format-agent-definition.ts';
import { formatWorkflowDefinition } from './format-workflow-definition.ts';
import { parseReplLine } from './parse-repl-line.ts';
import { ReplLineError } from './repl-line-error.ts';

/** Options of a {@link ReplSession}. */
export interface ReplSessionOptions {
  /** `--model`: replaces every agent's model. */
  readonly model?: string;
}

/** What a loaded file brings: the document, its runtime, and the agents with their conversations. */
interface Loaded {
  readonly document: WorkflowDocument;
  readonly runtime: Runtime;
  /** The file's MCP servers (`settings.mcp`), connected while the file is loaded. */
  readonly mcp: McpToolbox;
  /** Keeps one conversation per agent for the whole session. */
  readonly invokeAgent: AgentInvoker;
}

export const REPL_HELP = `Commands:
  Agent <- "message"         send a message to an agent; it remembers the conversation
                             ({{NAME}} in the message reads a saved variable)
  run WORKFLOW --name value  run a workflow of the file with these inputs and print its output
  save NAME                  keep the last reply or output as the variable NAME
  show NAME                  print a variable, or an agent's or a workflow's definition
  list agents|workflows      what the loaded file declares
  load FILE                  load another *.vega.yaml file (conversations start over)
  help                       this text
  exit                       leave (or press Ctrl-D)
`;

/**
 * The state of one `vega repl`: the loaded file, each agent's conversation, the saved variables and
 * the last reply or output. {@link execute} carries out one line; an error in a line is thrown as is,
 * for the caller to print, and leaves the session as it was.
 *
 * @example
 * const session = new ReplSession(io);
 * await session.load('team.vega.yaml');
 * await session.execute('Writer <- "Hello"', signal);
 * await session.close();
 */
export class ReplSession {
  readonly #io: CliIo;
  readonly #options: ReplSessionOptions;
  #loaded: Loaded | undefined;
  readonly #variables = new Map<string, unknown>();
  #last: { readonly value: unknown; readonly from: string } | undefined;

  constructor(io: CliIo, options: ReplSessionOptions = {}) {
    this.#io = io;
    this.#options = options;
  }

  /** The loaded document, if any. */
  get document(): WorkflowDocument | undefined {
    return this.#loaded?.document;
  }

  /**
   * Loads a workflow file and connects its MCP servers; its agents start with empty conversations. The
   * file loaded before is let go (its servers closed) only once the new one is ready: a bad file, or a
   * server that does not start, changes nothing.
   */
  async load(file: string, signal?: AbortSignal): Promise<WorkflowDocument> {
    const io = this.#io;
    const document = await loadWorkflowFile(file, { env: io.env, cwd: io.cwd });
    const model = this.#options.model;
    const runtime = createRuntime({
      env: io.env,
      // `scripted:<file>` in the file is relative to the file; on the command line, to the shell.
      cwd: model === undefined ? document.directory : io.cwd,
      ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
      ...(document.settings.prices === undefined
        ? {}
        : { prices: modelPrices(document.settings.prices, document.settings.modelAliases) }),
      // Opened only when a `remember` or `recall` step needs it.
      store:
        io.env.VEGA_STORE ??
        (document.settings.store === undefined
          ? join(io.cwd, '.vega', 'vega.db')
          : resolve(io.cwd, document.settings.store)),
    });
    let mcp: McpToolbox;
    try {
      mcp = await openMcpTools(document.settings.mcp, {
        ...(signal === undefined ? {} : { signal }),
        ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
      });
    } catch (error) {
      await runtime.close();
      throw error;
    }
    const invokeAgent = createAgentInvoker(document, {
      environment: runtime.environment,
      mcp,
      ...(model === undefined ? {} : { modelOverride: model }),
    });
    await this.#release();
    this.#loaded = { document, runtime, mcp, invokeAgent };
    return document;
  }

  /** Carries out one line. Resolves with `'exit'` when the line asks to leave. */
  async execute(line: string, signal: AbortSignal): Promise<'exit' | undefined> {
    const command = parseReplLine(line);
    const print = (text: string) => this.#io.stdout(text.endsWith('\n') ? text : `${text}\n`);
    switch (command.kind) {
      case 'nothing':
        return undefined;
      case 'exit':
        return 'exit';
      case 'help':
        print(REPL_HELP);
        return undefined;
      case 'load': {
        const document = await this.load(command.file, signal);
        print(`loaded ${command.file}: ${describeContents(document)}`);
        return undefined;
      }
      case 'list': {
        const document = this.#require(command.what);
        const names =
          command.what === 'agents' ? [...document.agents.keys()] : [...document.workflows.keys()];
        print(names.length === 0 ? `(no ${command.what})` : names.join('\n'));
        return undefined;
      }
      case 'save': {
        if (this.#last === undefined) {
          throw new ReplLineError('nothing to save yet.', 'Send a message or run a workflow first.');
        }
        this.#variables.set(command.name, this.#last.value);
        print(`saved the last ${this.#last.from} as ${command.name}`);
        return undefined;
      }
      case 'show':
        print(this.#show(command.name));
        return undefined;
      case 'send': {
        const { document, invokeAgent } = this.#requireLoaded();
        if (!document.agents.has(command.agent)) {
          throw new ReplLineError(
            `unknown agent '${command.agent}'.`,
            didYouMean(command.agent, [...document.agents.keys()], 'agents') ?? 'the file has no agents',
          );
        }
        const message = this.#render(command.message);
        const reply = await invokeAgent({ agent: command.agent, message, step: { index: 0 }, signal });
        this.#last = { value: reply.text, from: `reply of ${command.agent}` };
        print(reply.text);
        print(this.#costLine(command.agent, reply.usage, reply.cost));
        return undefined;
      }
      case 'run': {
        const { document, runtime, mcp } = this.#requireLoaded();
        let usage: Usage = ZERO_USAGE;
        let cost: Cost = ZERO_COST;
        // Each run has its own conversations, as `vega run` does.
        const invokeAgent = createAgentInvoker(document, {
          environment: runtime.environment,
          mcp,
          ...(this.#options.model === undefined ? {} : { modelOverride: this.#options.model }),
          onAgentResult: (_agent, result) => {
            usage = addUsage(usage, result.usage);
            cost = addCosts(cost, result.cost);
          },
        });
        const limitUsd = document.settings.budgetUsd;
        const result = await runWorkflow(document, {
          workflow: command.workflow,
          inputs: command.inputs,
          invokeAgent,
          signal,
          budget: runtime.budget.child('run', limitUsd === undefined ? {} : { limitUsd }),
          memory: runtime.memory(),
          env: this.#io.env,
        });
        this.#last = { value: result.output, from: `output of ${command.workflow}` };
        print(typeof result.output === 'string' ? result.output : JSON.stringify(result.output, null, 2));
        print(this.#costLine(command.workflow, usage, cost));
        return undefined;
      }
    }
  }

  /** Closes the loaded file's MCP servers and its runtime (and the store, if a step opened it). */
  async close(): Promise<void> {
    await this.#release();
  }

  async #release(): Promise<void> {
    const loaded = this.#loaded;
    this.#loaded = undefined;
    if (loaded === undefined) return;
    try {
      await loaded.mcp.close();
    } finally {
      await loaded.runtime.close();
    }
  }

  #show(name: string): string {
    if (this.#variables.has(name)) {
      const value = this.#variables.get(name);
      return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    }
    const document = this.#loaded?.document;
    const agent = document?.agents.get(name);
    if (document !== undefined && agent !== undefined) return formatAgentDefinition(agent, document);
    const workflow = document?.workflows.get(name);
    if (workflow !== undefined) return formatWorkflowDefinition(workflow);
    const names = [
      ...this.#variables.keys(),
      ...(document?.agents.keys() ?? []),
      ...(document?.workflows.keys() ?? []),
    ];
    throw new ReplLineError(
      `'${name}' is not a variable, an agent or a workflow.`,
      didYouMean(name, names, 'names') ?? 'save a reply with save NAME first',
    );
  }

  /** `{{NAME}}` in a message reads the saved variables (and the built-ins: date, now, env.NAME, …). */
  #render(text: string): string {
    const { template, problems } = parseTemplate(text);
    const [problem] = problems;
    if (problem !== undefined) {
      throw new ReplLineError(`the message has a bad {{ }}: ${problem.message}.`, problem.hint);
    }
    const scope = Object.assign(new Map(this.#variables), {
      sources: systemTemplateSources(this.#io.env),
    });
    return renderTemplateText(template, scope);
  }

  #costLine(who: string, usage: Usage, cost: Cost): string {
    const tokens = usage.inputTokens + usage.outputTokens;
    const line = `  ${who} · ${formatUsd(cost.usd)} · ${tokens} tokens (${usage.inputTokens} in, ${usage.outputTokens} out)`;
    return this.#io.color ? `\u001b[2m${line}\u001b[0m` : line;
  }

  #requireLoaded(): Loaded {
    if (this.#loaded === undefined) {
      throw new ReplLineError('no file is loaded, so there are no agents.', 'Load one with: load FILE');
    }
    return this.#loaded;
  }

  #require(what: string): WorkflowDocument {
    if (this.#loaded === undefined) {
      throw new ReplLineError(`no file is loaded, so there are no ${what}.`, 'Load one with: load FILE');
    }
    return this.#loaded.document;
  }
}

/**
 * What a loaded file holds, on one line.
 *
 * @example
 * describeContents(document); // '2 agents (Writer, Editor), 1 workflow (greet)'
 */
export function describeContents(document: WorkflowDocument): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const agents = [...document.agents.keys()];
  const workflows = [...document.workflows.keys()];
  const list = (names: string[]) => (names.length === 0 ? '' : ` (${names.join(', ')})`);
  return `${count(agents.length, 'agent')}${list(agents)}, ${count(workflows.length, 'workflow')}${list(workflows)}`;
}
