/** Small workflow files for the `vega validate / list / show` tests. */

/**
 * Three errors at once: an unknown key on an agent (line 6), an agent without a system prompt
 * (line 7), an unknown agent in a step (line 14). No API key is ever needed to find them.
 */
export const BROKEN = `settings:
  default_model: claude-sonnet-4-5
agents:
  Coder:
    system: You write code.
    temprature: 0.5
  Tester:
    model: claude-haiku-4-5
workflows:
  build:
    inputs:
      task: { type: string }
    steps:
      - Cder writes code: "Write {{task}}"
        save: code
      - Tester: "Test it"
`;

/** Valid, with one warning: agent 'Idle' (line 6) is never used. */
export const UNUSED_AGENT = `settings:
  default_model: claude-sonnet-4-5
agents:
  Writer:
    system: You write.
  Idle:
    system: You wait.
workflows:
  note:
    steps:
      - Writer: "Write a note."
`;

/** Two workflows and three agents with models, tools, policies and supervision, for list and show. */
export const TEAM = `name: Team
settings:
  default_model: claude-sonnet-4-5
  default_temperature: 0.3
agents:
  Coder:
    model: claude-haiku-4-5
    system: |
      You write code.
      Small functions.
    tools: [read_file, write_file]
    max_tokens: 2000
    budget: $0.50
    retry: { max_attempts: 2 }
    supervision: { strategy: restart, max_restarts: 5, window: 1m }
  Reviewer:
    system: You review code.
  Writer:
    system: You write docs.
workflows:
  build:
    description: Write and review code
    inputs:
      task: { type: string, description: What to build }
      rounds: { type: integer, default: 2 }
    steps:
      - set: { attempts: 0 }
      - Coder writes the code:
          send: "Write {{task}}"
          save: code
      - Reviewer: "Review {{code}} (attempt {{attempts}})"
        save: review
    output: "{{review}}"
  docs:
    steps:
      - Writer: "Write the docs."
`;
