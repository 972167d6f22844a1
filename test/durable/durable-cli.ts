import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { JournalEntry, RunRecord } from '../../src/spec/store.ts';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import type { FixtureReply, FixtureServer, RecordedRequest } from '../../src/testing/index.ts';
import { startFixtureServer } from '../../src/testing/index.ts';
import { fixtureEnvironment, temporaryFolder } from '../integration/trip-scenario.ts';

/** What a `vega` command printed and how it ended. */
export interface CliOutcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Durable runs through the CLI, in a temporary folder, with agents on the fixture server as Anthropic. */
export interface DurableCli {
  /** The fixture server, started once for the file. */
  readonly server: FixtureServer;
  /** The test's temporary folder (the working directory of `vega`). */
  readonly folder: string;
  /** Prompts the server refuses (HTTP 400) while they are in this set; emptied before each test. */
  readonly refused: Set<string>;
  /** Runs `vega …argv --store vega.db` in the folder, in-process. */
  vega(...argv: string[]): Promise<CliOutcome>;
  /** The only run of the store. */
  theRun(): Promise<RunRecord>;
  /** The run's journal, in order. */
  journal(runId: string): Promise<JournalEntry[]>;
  /** The prompts the server received from request `from` on. */
  promptsFrom(from: number): string[];
}

/** Options of {@link useDurableCli}. */
export interface DurableCliOptions {
  /** The temporary folder's name prefix. */
  readonly prefix: string;
  /** Files written into the folder before each test, by relative path. */
  readonly files?: Readonly<Record<string, string>>;
  /** Answers a request the test cares about; `undefined` falls back to `ok <prompt>`. */
  readonly reply?: (prompt: string, request: RecordedRequest) => FixtureReply | undefined;
}

/**
 * Registers the hooks of a durable-CLI test file — a fixture server for the file, a fresh temporary
 * folder and handler for each test — and returns what the tests use; its fields are valid inside tests.
 *
 * @example
 * const cli = useDurableCli({ prefix: 'vega-parallel-', files: { 'team.vega.yaml': WORKFLOW } });
 * it('resumes', async () => expect((await cli.vega('run', 'team.vega.yaml')).exitCode).toBe(0));
 */
export function useDurableCli(options: DurableCliOptions): DurableCli {
  let server: FixtureServer | undefined;
  let folder: { path: string; remove: () => Promise<void> } | undefined;
  const refused = new Set<string>();
  const started = (): FixtureServer => {
    if (server === undefined) throw new Error('the fixture server is started in beforeAll');
    return server;
  };
  const path = (): string => {
    if (folder === undefined) throw new Error('the temporary folder is made in beforeEach');
    return folder.path;
  };
  const withStore = async <Value>(
    read: (store: Awaited<ReturnType<typeof sqliteStore>>) => Promise<Value>,
  ) => {
    const store = await sqliteStore(join(path(), 'vega.db'));
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    const fixture = started();
    fixture.reset();
    refused.clear();
    fixture.setHandler((request) => {
      const prompt = promptOf(request);
      if (refused.has(prompt)) return { error: { status: 400, message: `Fixture: '${prompt}' refused.` } };
      return options.reply?.(prompt, request) ?? { text: `ok ${prompt}`, usage: { input: 10, output: 2 } };
    });
    folder = await temporaryFolder(options.prefix);
    for (const [name, text] of Object.entries(options.files ?? {}))
      await writeFile(join(folder.path, name), text);
  });
  afterEach(async () => {
    await folder?.remove();
    folder = undefined;
  });

  return {
    get server() {
      return started();
    },
    get folder() {
      return path();
    },
    refused,
    vega: (...argv) => vegaIn(path(), started(), argv),
    theRun: () =>
      withStore(async (store) => {
        const [run, ...others] = await store.listRuns();
        expect(others).toHaveLength(0);
        return run!;
      }),
    journal: (runId) => withStore((store) => store.listJournal(runId)),
    promptsFrom: (from) => started().requests.slice(from).map(promptOf),
  };
}

/**
 * Runs `vega …argv --store vega.db` in-process in `folder`, with the fixture server's environment.
 *
 * @example
 * const { exitCode } = await vegaIn(folder, server, ['run', 'team.vega.yaml']);
 */
export async function vegaIn(
  folder: string,
  server: FixtureServer,
  argv: readonly string[],
): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main([...argv, '--store', 'vega.db'], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: fixtureEnvironment(server),
    cwd: folder,
    color: false,
  });
  return { exitCode, stdout, stderr };
}

/** The messages of an Anthropic Messages request. */
export function messagesOf(request: Pick<RecordedRequest, 'body'>): readonly { content: unknown }[] {
  return (request.body as { messages?: readonly { content: unknown }[] } | undefined)?.messages ?? [];
}

/** The text of the last user message of an Anthropic Messages request: the step's prompt. */
export function promptOf(request: Pick<RecordedRequest, 'body'>): string {
  const content = messagesOf(request).at(-1)?.content;
  if (typeof content === 'string') return content;
  const parts = (content ?? []) as readonly { type: string; text?: string }[];
  return parts.find((part) => part.type === 'text')?.text ?? '';
}
