// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are the DSL's own ${VAR} syntax.
import { describe, expect, it } from 'vitest';
import { WorkflowLoadError } from '../../diagnostics/workflow-load-error.ts';
import { parseWorkflow } from './parse-workflow.ts';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

function load(text: string) {
  return parseWorkflow(text, 'team.vega.yaml', { env: { SLACK_WEBHOOK: 'T0/B0/x' }, directory: '/project' });
}

function problems(text: string): string[] {
  try {
    load(text);
  } catch (error) {
    if (!WorkflowLoadError.isWorkflowLoadError(error)) throw error;
    return error.diagnostics.map(
      (diagnostic) =>
        `${diagnostic.line}:${diagnostic.column} ${diagnostic.code}: ${diagnostic.message}${diagnostic.hint === undefined ? '' : ` (${diagnostic.hint})`}`,
    );
  }
  throw new Error('expected the file to be refused');
}

const AGENT = ['agents:', '  Notifier:', '    system: You notify.', '    tools: [send_slack]'];

describe('custom tools', () => {
  it('reads the spec’s example: params in map form, an http implementation, capabilities', () => {
    const document = load(
      lines(
        'tools:',
        '  send_slack:',
        '    description: Send a message to Slack',
        '    params:',
        '      channel: { type: string, description: Channel name, required: true }',
        '      message: { type: string, required: true }',
        '    implementation:',
        '      type: http',
        '      method: post',
        '      url: https://hooks.slack.com/services/${SLACK_WEBHOOK}',
        '      headers: { Content-Type: application/json }',
        '      query: {}',
        '      body: { channel: "{{channel}}", text: "{{message}}" }',
        '      timeout: 10s',
        '    capabilities: { allowed_hosts: [hooks.slack.com], allowed_paths: [], allowed_commands: [] }',
        ...AGENT,
      ),
    );
    const tool = document.tools.get('send_slack');
    expect(tool?.description).toBe('Send a message to Slack');
    expect(tool?.params.map(({ name, type, required }) => ({ name, type, required }))).toEqual([
      { name: 'channel', type: 'string', required: true },
      { name: 'message', type: 'string', required: true },
    ]);
    expect(tool?.params[0]?.description).toBe('Channel name');
    expect(tool?.implementation).toMatchObject({ type: 'http', method: 'POST', timeoutMs: 10_000 });
    if (tool?.implementation.type !== 'http') throw new Error('expected http');
    expect(tool.implementation.url.segments).toEqual([
      { kind: 'text', text: 'https://hooks.slack.com/services/T0/B0/x' },
    ]);
    expect(tool.capabilities).toEqual({
      allowedHosts: ['hooks.slack.com'],
      allowedPaths: [],
      allowedCommands: [],
    });
    expect(document.agents.get('Notifier')?.tools).toEqual(['send_slack']);
  });

  it('reads params in list form, with enum and default, and the settings allow-lists', () => {
    const document = load(
      lines(
        'settings:',
        '  allowed_commands: [git, npm]',
        '  allowed_hosts: [api.github.com]',
        'tools:',
        '  git_log:',
        '    description: Recent commits',
        '    params:',
        '      - { name: count, type: integer, default: 5, description: How many }',
        '      - { name: format, type: string, enum: [oneline, short] }',
        '    implementation: { type: exec, command: git, args: [log, "-n", "{{count}}", "--format={{format}}"] }',
        'agents:',
        '  Dev: { system: s, tools: [git_log, run_command, http_get, append_file] }',
      ),
    );
    expect(document.settings.allowedCommands).toEqual(['git', 'npm']);
    expect(document.settings.allowedHosts).toEqual(['api.github.com']);
    const params = document.tools.get('git_log')?.params;
    expect(params?.[0]).toMatchObject({
      name: 'count',
      type: 'integer',
      required: false,
      default: { value: 5 },
    });
    expect(params?.[1]).toMatchObject({ name: 'format', enum: ['oneline', 'short'] });
    expect(document.agents.get('Dev')?.tools).toEqual(['git_log', 'run_command', 'http_get', 'append_file']);
  });

  it('reports every mistake in tools and agents’ tool lists in one pass, with positions and hints', () => {
    expect(
      problems(
        lines(
          'tools:',
          '  read_file:',
          '    implementation: { type: file_read, path: x }',
          '  send_slack:',
          '    descripton: Send',
          '    params:',
          '      channel: { type: strng }',
          '      message: { type: string, default: 3 }',
          '    implementation:',
          '      type: http',
          '      url: "https://hooks.slack.com/{{chanel}}"',
          '      command: git',
          '  run_tests:',
          '    implementation: { type: exec, command: make, args: [test] }',
          '  no_impl: { description: Nothing }',
          '  mail__send: { implementation: { type: file_read, path: x } }',
          '  list_form:',
          '    params: [{ type: string }]',
          '    implementation: { type: file_write, path: "out/{{name}}.md" }',
          'agents:',
          '  Notifier:',
          '    system: You notify.',
          '    tools: [send_slak, read_fil, mystery]',
        ),
      ),
    ).toEqual([
      "2:3 duplicate_name: the custom tool 'read_file' has the name of a built-in tool (rename it, e.g. 'my_read_file'; agents list the built-in 'read_file' without declaring it)",
      "5:5 unknown_key: unknown key 'descripton' in tool 'send_slack' (did you mean 'description'?)",
      "7:24 invalid_value: unknown parameter type 'strng' for param 'channel' of tool 'send_slack' (did you mean 'string'?)",
      "8:41 invalid_value: the default of param 'message' of tool 'send_slack' must be text, got 3",
      "11:37 undefined_variable: tool 'send_slack' reads 'chanel', which is not one of its params (did you mean 'channel'? (params: channel, message))",
      "12:16 invalid_key: `command` does not apply to a http implementation (tool 'send_slack') (keys of http: type, method, url, headers, query, body, timeout)",
      "14:44 command_not_allowed: tool 'run_tests' runs 'make', which is not an allowed command (add it to the tool's `capabilities: { allowed_commands: [make] }` or to `settings.allowed_commands`)",
      "15:3 missing_key: tool 'no_impl' has no `implementation` (add `implementation: { type: http, url: ... }`; types: http, exec, file_read, file_write)",
      "16:3 invalid_name: invalid tool name 'mail__send': '__' is kept for MCP tools (<server>__<tool>) (use a single _, e.g. 'mail_send')",
      "18:14 missing_key: a param of tool 'list_form' has no `name` (write each param as `{ name: channel, type: string }`)",
      '19:5 missing_key: the implementation of tool \'list_form\' (file_write) has no `content` (add `content: "{{text}}" (or declare a param named content)`)',
      "23:13 unknown_tool: unknown tool 'send_slak' for agent 'Notifier' (did you mean 'send_slack'?)",
      "23:24 unknown_tool: unknown tool 'read_fil' for agent 'Notifier' (did you mean 'read_file'?)",
      "23:34 unknown_tool: unknown tool 'mystery' for agent 'Notifier' (built-in tools: read_file, write_file, append_file, list_files, run_command, http_get, http_post; custom tools: send_slack, run_tests, no_impl, list_form)",
    ]);
  });

  it('includes tools from other files; their mistakes are reported in those files', () => {
    const files: Record<string, string> = {
      '/project/tools/email.yaml': lines(
        'tools:',
        '  send_email:',
        '    params: { to: { type: string, required: true } }',
        '    implementation: { type: http, method: POST, url: "https://mail.example.com/send", body: { to: "{{to}}" } }',
      ),
      '/project/tools/broken.yaml': lines(
        'send_email:',
        '  implementation: { type: file_read, path: x }',
        'lookup:',
        '  implementation: { type: http, ulr: "https://x.example.com" }',
      ),
    };
    const readTextFile = (path: string): string => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return text;
    };
    const text = (include: string) =>
      lines(
        `tools: { include: [${include}] }`,
        'agents:',
        '  Mailer: { system: You mail., tools: [send_email] }',
      );
    const document = parseWorkflow(text('tools/email.yaml'), 'team.vega.yaml', {
      env: {},
      directory: '/project',
      readTextFile,
    });
    expect(document.tools.get('send_email')?.implementation).toMatchObject({ type: 'http', method: 'POST' });
    expect(document.agents.get('Mailer')?.tools).toEqual(['send_email']);

    let error: unknown;
    try {
      parseWorkflow(text('tools/email.yaml, tools/broken.yaml, tools/absent.yaml'), 'team.vega.yaml', {
        env: {},
        directory: '/project',
        readTextFile,
      });
    } catch (caught) {
      error = caught;
    }
    if (!WorkflowLoadError.isWorkflowLoadError(error)) throw new Error('expected a load error');
    expect(
      error.diagnostics.map(
        (diagnostic) => `${diagnostic.file}:${diagnostic.line}:${diagnostic.column} ${diagnostic.code}`,
      ),
    ).toEqual(
      [
        'team.vega.yaml:1:57 file_not_found',
        'tools/broken.yaml:1:1 duplicate_name',
        'tools/broken.yaml:4:33 unknown_key',
        'tools/broken.yaml:4:3 missing_key',
      ].sort(),
    );
    expect(error.render()).toContain('the other is at tools/email.yaml:2:3');
    expect(error.render()).toContain('4 |   implementation: { type: http, ulr: "https://x.example.com" }');
  });
});
