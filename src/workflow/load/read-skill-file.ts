import { dirname, join, relative } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type ParsedNode, parseDocument } from 'yaml';
import { compilePattern } from '../../model/scripted/compile-pattern.ts';
import type { Skill, SkillTrigger } from '../../skills/skill.ts';
import { describeNode } from './describe-node.ts';
import { applyKeyTable, type KeyTable } from './key-table.ts';
import { createLoadContext, type LoadContext } from './load-context.ts';
import { readMapEntries } from './map-entries.ts';
import { readNameList, readText } from './read-scalar.ts';
import { resolveNode } from './resolve-node.ts';

/** A skill's front matter while its keys are read. */
interface SkillDraft {
  name?: string;
  description?: string;
  tags?: string[];
  triggers?: SkillTrigger[];
}

const SKILL_NAME = /^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u;
const FENCE = /^---[ \t]*\r?$/m;

const skillKeys: KeyTable<SkillDraft> = {
  place: 'in skill files',
  keys: {
    name: (entry, context, draft) => {
      const name = readText(context, entry.value, '`name` of a skill');
      if (name === undefined) return;
      if (!SKILL_NAME.test(name.value)) {
        context.report(
          'error',
          'invalid_name',
          `invalid skill name '${name.value}'`,
          name.span,
          'use one word of letters, digits, `-`, `_` or `.`, like code-review',
        );
        return;
      }
      draft.name = name.value;
    },
    description: (entry, context, draft) => {
      const description = readText(context, entry.value, '`description` of a skill');
      if (description !== undefined) draft.description = description.value.trim();
    },
    tags: (entry, context, draft) => {
      draft.tags = readNameList(context, entry.value, '`tags` of a skill').map((tag) => tag.value);
    },
    triggers: (entry, context, draft) => {
      const triggers = readTriggers(context, entry.value);
      if (triggers !== undefined) draft.triggers = triggers;
    },
  },
};

/**
 * Reads a `*.skill.md` file: YAML front matter between `---` lines, then the instructions.
 *
 * ```markdown
 * ---
 * name: code-review
 * description: How we review code
 * tags: [review]
 * triggers:
 *   - keyword: review          # whole words, any case
 *   - pattern: "PR ?#\\d+"      # a regular expression, case-insensitive; or "/source/flags"
 * ---
 * Check the tests first. …
 * ```
 *
 * Problems are reported into `context` at their line and column in the skill file (whose text joins
 * `context.sources`), and give `undefined`. `path` is absolute.
 *
 * @example
 * const skill = readSkillFile(context, '/project/skills/code-review.skill.md');
 */
export function readSkillFile(context: LoadContext, path: string): Skill | undefined {
  const file = join(dirname(context.file), relative(context.directory, path));
  const text = context.readTextFile(path);
  const lineCounter = new LineCounter();
  const opening = /^---[ \t]*\r?\n/.exec(text);
  const closing = opening === null ? null : FENCE.exec(text.slice(opening[0].length));
  const end = opening === null || closing === null ? text.length : opening[0].length + closing.index;
  const skillContext = createLoadContext({
    file,
    source: text,
    directory: dirname(path),
    env: context.env,
    readTextFile: context.readTextFile,
    document: parseDocument(text.slice(0, end), { lineCounter, prettyErrors: false }),
    lineCounter,
  });
  const skill = readFrontMatter(skillContext, text, opening === null ? undefined : end);
  if (skillContext.diagnostics.length > 0) {
    context.diagnostics.push(...skillContext.diagnostics);
    context.sources.set(file, text);
  }
  return skill === undefined ? undefined : { ...skill, file: path };
}

function readFrontMatter(
  context: LoadContext,
  text: string,
  end: number | undefined,
): Omit<Skill, 'file'> | undefined {
  const start = context.spanAt(0, 3);
  if (end === undefined || end === text.length) {
    context.report(
      'error',
      'invalid_skill',
      end === undefined ? 'a skill file must start with front matter' : 'the front matter is never closed',
      start,
      end === undefined
        ? 'begin the file with `---`, then `name:`, `description:` and `triggers:`, then `---`'
        : 'end it with a line `---` before the instructions',
    );
    return undefined;
  }
  for (const error of context.document.errors) {
    const message = error.message.charAt(0).toLowerCase() + error.message.slice(1);
    context.report(
      'error',
      'yaml_syntax',
      `invalid YAML: ${message.split('\n')[0]}`,
      context.spanAt(error.pos[0], error.pos[1] - error.pos[0]),
    );
  }
  if (context.document.errors.length > 0) return undefined;
  const entries = readMapEntries(context, context.document.contents as ParsedNode | null, 'the front matter');
  if (entries === undefined) return undefined;
  const draft: SkillDraft = {};
  const fieldSpans = applyKeyTable(context, entries, skillKeys, draft, 'the front matter');
  for (const key of ['name', 'triggers'] as const) {
    if (fieldSpans[key] !== undefined) continue;
    context.report(
      'error',
      'missing_key',
      `the skill has no \`${key}\``,
      start,
      key === 'name'
        ? 'add `name: code-review`'
        : 'add `triggers: [ { keyword: review } ]`: a skill without triggers is never used',
    );
  }
  if (draft.name === undefined || draft.triggers === undefined || context.diagnostics.length > 0)
    return undefined;
  return {
    name: draft.name,
    description: draft.description ?? '',
    tags: draft.tags ?? [],
    triggers: draft.triggers,
    instructions: text.slice(end).replace(FENCE, '').trim(),
  };
}

/** `triggers:` — a list of `{ keyword: … }` and `{ pattern: … }`; a bare word is a keyword. */
function readTriggers(context: LoadContext, raw: ParsedNode | null): SkillTrigger[] | undefined {
  const node = resolveNode(context, raw);
  if (!isSeq(node)) {
    context.report(
      'error',
      'invalid_type',
      `\`triggers\` must be a list, got ${describeNode(node)}`,
      context.spanOf(node),
      'write it as `[ { keyword: review }, { pattern: "PR ?#\\\\d+" } ]`',
    );
    return undefined;
  }
  if (node.items.length === 0) {
    context.report(
      'error',
      'invalid_value',
      '`triggers` is empty: the skill would never be used',
      context.spanOf(node),
      'add `{ keyword: … }` or `{ pattern: … }`',
    );
    return undefined;
  }
  const triggers: SkillTrigger[] = [];
  for (const item of node.items as ParsedNode[]) {
    if (isScalar(item)) {
      const keyword = readText(context, item, 'a keyword trigger');
      if (keyword !== undefined && keyword.value.trim() !== '')
        triggers.push({ kind: 'keyword', keyword: keyword.value });
      continue;
    }
    const entries = isMap(item) ? readMapEntries(context, item, 'a trigger') : undefined;
    const [entry, extra] = entries ?? [];
    if (entry === undefined || extra !== undefined || (entry.key !== 'keyword' && entry.key !== 'pattern')) {
      context.report(
        'error',
        'invalid_trigger',
        'a trigger is `{ keyword: words }` or `{ pattern: regular expression }`',
        extra?.keySpan ?? entry?.keySpan ?? context.spanOf(item),
        entry !== undefined && entry.key !== 'keyword' && entry.key !== 'pattern'
          ? `unknown trigger '${entry.key}': use keyword or pattern`
          : undefined,
      );
      continue;
    }
    const value = readText(context, entry.value, `a ${entry.key} trigger`);
    if (value === undefined) continue;
    if (entry.key === 'keyword') {
      triggers.push({ kind: 'keyword', keyword: value.value });
      continue;
    }
    try {
      // Plain patterns ignore case, as keywords do; `/source/flags` says exactly what it means.
      const pattern = value.value.startsWith('/')
        ? compilePattern(value.value)
        : new RegExp(value.value, 'i');
      triggers.push({ kind: 'pattern', pattern });
    } catch (error) {
      context.report(
        'error',
        'invalid_pattern',
        `invalid pattern: ${(error as Error).message}`,
        value.span,
        'a JavaScript regular expression; escape `\\` in double quotes as `\\\\`',
      );
    }
  }
  return triggers;
}
