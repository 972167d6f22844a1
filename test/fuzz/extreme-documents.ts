import type { SeededRandom } from './seeded-random.ts';

const HEAD = 'agents:\n  Coder: { system: You code. }\n';
const workflow = (steps: string) => `${HEAD}workflows:\n  main:\n    steps:\n${steps}`;

/** `if` steps nested `depth` levels deep, each `then` holding the next. */
function nestedIfs(depth: number, condition: string): string {
  const lines: string[] = [];
  for (let level = 0; level < depth; level += 1) {
    const pad = `${'    '.repeat(level)}      `;
    lines.push(`${pad}- if: "${condition}"`, `${pad}  then:`);
  }
  lines.push(`${'    '.repeat(depth)}      - Coder: "deep"`);
  return workflow(`${lines.join('\n')}\n`);
}

/** `for` and `repeat` steps alternating, nested `depth` levels deep. */
function nestedLoops(depth: number): string {
  const lines = ['      - set: { items: [1, 2] }'];
  for (let level = 0; level < depth; level += 1) {
    const pad = `${'      '.repeat(level)}      `;
    if (level % 2 === 0) lines.push(`${pad}- for: x${level} in items`, `${pad}  steps:`);
    else lines.push(`${pad}- repeat:`, `${pad}    max: 1`, `${pad}    steps:`);
  }
  lines.push(`${'      '.repeat(depth)}      - Coder: "deep {{x0}}"`);
  return workflow(`${lines.join('\n')}\n`);
}

/** A plain value nested `depth` levels, as flow or block YAML, in a place the loader reads as data. */
function nestedValue(random: SeededRandom, depth: number): string {
  const flow = random.chance(0.5);
  const lists = random.chance(0.5);
  let value: string;
  if (flow)
    value = lists
      ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
      : `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
  else {
    const lines: string[] = [];
    for (let level = 0; level < depth; level += 1)
      lines.push(`${'  '.repeat(level + 4)}${lists ? '-' : 'a:'}`);
    value = `\n${lines.join('\n')} 1`;
  }
  const place = random.pick(['set', 'default', 'tools', 'system', 'unknown']);
  switch (place) {
    case 'set':
      return workflow(
        `      - set: { deep: ${flow ? value : '1'} }\n      - set:\n          deep2:${flow ? ' 1' : value}\n`,
      );
    case 'default':
      return `${HEAD}workflows:\n  main:\n    inputs:\n      deep: { type: string, default: ${flow ? value : '1'} }\n    steps:\n      - Coder: "{{deep}}"\n`;
    case 'tools':
      return `agents:\n  Coder:\n    system: hi\n    tools:${flow ? ` ${value}` : value}\n`;
    case 'system':
      return `agents:\n  Coder:\n    system:${flow ? ` ${value}` : value}\n`;
    default:
      return `${HEAD}surprise:${flow ? ` ${value}` : value}\n`;
  }
}

/** A "billion laughs" document: `levels` anchors, each a list of `width` aliases of the one before. */
function aliasBomb(random: SeededRandom, levels: number, width: number): string {
  const lines = ['x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let level = 1; level < levels; level += 1)
    lines.push(`x${level}: &x${level} [${Array.from({ length: width }, () => `*x${level - 1}`).join(', ')}]`);
  const last = `*x${levels - 1}`;
  const anchors = lines
    .map((line) => `    ${line.replace(/^x\d+: /, `k${random.int(0, 1e6)}: `)}`)
    .join('\n');
  switch (random.int(0, 3)) {
    case 0: // the anchors as settings, the bomb where a step reads it
      return `settings:\n  shared:\n${anchors}\n${HEAD}workflows:\n  main:\n    steps:\n      - set: { boom: ${last} }\n      - Coder: "{{boom}}"\n`;
    case 1: // in an input's default, which is read as plain data
      return `settings:\n  shared:\n${anchors}\n${HEAD}workflows:\n  main:\n    inputs:\n      boom: { type: string, default: ${last} }\n    steps:\n      - Coder: "{{boom}}"\n`;
    case 2: // as the steps themselves
      return `settings:\n  shared:\n${anchors}\n${HEAD}workflows:\n  main:\n    steps: ${last}\n`;
    default: // at the top level, where every key is unknown
      return `${lines.join('\n')}\n${HEAD}`;
  }
}

/** An alias that refers to the value it is inside. */
function aliasCycle(random: SeededRandom): string {
  return random.pick([
    'agents: &a { Coder: { system: hi }, Other: *a }\n',
    `${HEAD}workflows:\n  main: &w\n    steps:\n      - set: { me: *w }\n`,
    `${HEAD}workflows:\n  main:\n    steps: &s\n      - if: "true"\n        then: *s\n`,
    `${HEAD}workflows:\n  main:\n    inputs:\n      q: &q { type: string, default: [*q] }\n    steps:\n      - Coder: "{{q}}"\n`,
    'agents:\n  Coder: &c\n    system: hi\n    tools: [*c]\n',
  ]);
}

/** A string of about a megabyte, in a place the loader reads. */
function hugeString(random: SeededRandom): string {
  const size = 1_048_576;
  const kind = random.int(0, 5);
  const text =
    kind === 0
      ? 'x'.repeat(size)
      : kind === 1
        ? '{{task}} '.repeat(size / 9)
        : kind === 2
          ? '{{'.repeat(size / 2)
          : kind === 3
            ? `{{ ${'task + '.repeat(size / 7)}1 }}`
            : kind === 4
              ? // biome-ignore lint/suspicious/noTemplateCurlyInString: `${VAR}` is the DSL's environment syntax
                '${PROJECT}'.repeat(size / 10)
              : '😀'.repeat(size / 2);
  const quoted = JSON.stringify(text);
  return random.pick([
    `agents:\n  Coder:\n    system: ${quoted}\n`,
    `${HEAD}workflows:\n  main:\n    inputs: [task]\n    steps:\n      - Coder: ${quoted}\n`,
    `${HEAD}workflows:\n  main:\n    steps:\n      - set: { ${JSON.stringify(text.slice(0, 100_000))}: 1 }\n`,
    `${HEAD}workflows:\n  main:\n    inputs: [task]\n    steps:\n      - if: ${quoted}\n        then: []\n`,
    `${HEAD}# ${text.replace(/\n/g, ' ')}\n`,
  ]);
}

/** Tabs for indentation, duplicate keys and unknown keys at every level. */
function brokenLayout(random: SeededRandom): string {
  const good = `${HEAD}workflows:\n  main:\n    steps:\n      - Coder: "hi"\n        save: x\n    output: "{{x}}"\n`;
  switch (random.int(0, 4)) {
    case 0:
      return good.replace(/^( +)/gm, (spaces) => '\t'.repeat(random.int(1, spaces.length)));
    case 1:
      return `${good}agents:\n  Other: { system: again }\n`;
    case 2:
      return good.replace(
        '  Coder: { system: You code. }',
        '  Coder: { system: You code. }\n  Coder: { system: Twice. }',
      );
    case 3:
      return good.replace(/^(\s*)(\w+):/gm, (_all, pad: string, key: string) =>
        random.chance(0.3) ? `${pad}${key}x:` : `${pad}${key}:`,
      );
    default:
      return good.replace(/\n/g, () => (random.chance(0.2) ? '\r\n' : random.chance(0.1) ? '\r' : '\n'));
  }
}

/** The kinds of extreme document, each made from a random generator. */
export type ExtremeKind =
  | 'nested-if'
  | 'nested-loops'
  | 'nested-value'
  | 'alias-bomb'
  | 'alias-cycle'
  | 'huge-string'
  | 'layout';

/**
 * One extreme document of the given kind: deep nesting (hundreds of levels), alias bombs and cycles,
 * megabyte strings, tabs, duplicate and unknown keys.
 *
 * @example
 * const text = extremeDocument('alias-bomb', seededRandom(3));
 */
export function extremeDocument(kind: ExtremeKind, random: SeededRandom): string {
  switch (kind) {
    case 'nested-if':
      return nestedIfs(random.int(100, 400), random.pick(['true', 'x', "{{x}} == 'a'", 'not', '']));
    case 'nested-loops':
      return nestedLoops(random.int(50, 200));
    case 'nested-value':
      return nestedValue(random, random.int(100, 800));
    case 'alias-bomb':
      return aliasBomb(random, random.int(3, 12), random.int(2, 10));
    case 'alias-cycle':
      return aliasCycle(random);
    case 'huge-string':
      return hugeString(random);
    default:
      return brokenLayout(random);
  }
}
