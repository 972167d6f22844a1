import { isMap, isPair, isScalar, isSeq, type Node, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import type { SeededRandom } from './seeded-random.ts';

/** What a mutation may splice in as a "random expression": supplied by the caller (fast-check samples). */
export type ExpressionSource = () => string;

/** Keys of the DSL, so an unknown key is sometimes a near miss and sometimes a real key in the wrong place. */
const DSL_KEYS = [
  'agents',
  'workflows',
  'settings',
  'tools',
  'include',
  'system',
  'model',
  'steps',
  'send',
  'save',
  'if',
  'then',
  'else',
  'for',
  'repeat',
  'until',
  'max',
  'parallel',
  'try',
  'catch',
  'finally',
  'return',
  'workflow',
  'with',
  'set',
  'remember',
  'recall',
  'compensate',
  'concurrency',
  'format',
  'schema',
  'fresh',
  'timeout',
  'on_timeout',
  'budget',
  'retry',
  'inputs',
  'output',
  'extends',
  'knowledge',
  'memory',
];

/** Characters that break YAML in interesting ways. */
const BREAKERS = [
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '\t',
  ':',
  ': ',
  '- ',
  '&',
  '*',
  '!',
  '%',
  '@',
  '`',
  '#',
  '|',
  '>',
  '\n',
  '?',
  ',',
  '\r',
  '\u00a0',
  '\ufeff',
  '${',
  '{{',
  '}}',
];

/** A random plain value of a random type: string, number, boolean, null, list or map. */
export function randomValue(random: SeededRandom, expression: ExpressionSource, depth = 0): unknown {
  switch (random.int(0, depth > 2 ? 5 : 7)) {
    case 0:
      return random.pick(['', 'text', 'Coder', 'claude-sonnet-4-5', '$0.50', '10s', 'item in items', 'yes']);
    case 1:
      return random.pick([0, -1, 1.5, 1e21, 3, Number.MAX_SAFE_INTEGER, -0.0001]);
    case 2:
      return random.chance(0.5);
    case 3:
      return null;
    case 4:
    case 5:
      return `{{${expression()}}}`;
    case 6:
      return Array.from({ length: random.int(0, 3) }, () => randomValue(random, expression, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: random.int(0, 3) }, () => [
          random.pick(DSL_KEYS),
          randomValue(random, expression, depth + 1),
        ]),
      );
  }
}

/** Every collection node of a parsed document, with how deep it is. */
function collections(root: Node | null): (YAMLMap | YAMLSeq)[] {
  const found: (YAMLMap | YAMLSeq)[] = [];
  const visit = (node: unknown): void => {
    if (isMap(node) || isSeq(node)) {
      found.push(node);
      for (const item of node.items as unknown[]) {
        if (isPair(item)) visit(item.value);
        else visit(item);
      }
    }
  };
  visit(root);
  return found;
}

function misspell(random: SeededRandom, word: string): string {
  if (word.length < 2) return `${word}x`;
  const at = random.int(0, word.length - 2);
  switch (random.int(0, 2)) {
    case 0:
      return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    case 1:
      return word.slice(0, at) + word.slice(at + 1);
    default:
      return word.slice(0, at) + random.pick(['x', 'e', '_', 'A']) + word.slice(at);
  }
}

/** A structural mutation: parses the text, changes one node, prints it back. Returns the text unchanged when it does not parse. */
function mutateTree(text: string, random: SeededRandom, expression: ExpressionSource): string {
  const document = parseDocument(text);
  if (document.errors.length > 0) return text;
  const nodes = collections(document.contents as Node | null);
  if (nodes.length === 0) return text;
  const target = random.pick(nodes);
  const newNode = (value: unknown) => document.createNode(value);
  const operation = random.int(0, 7);
  if (isMap(target)) {
    const pairs = target.items;
    const pair = pairs.length > 0 ? random.pick(pairs) : undefined;
    switch (operation) {
      case 0: // delete a key
        if (pair !== undefined) pairs.splice(pairs.indexOf(pair), 1);
        break;
      case 1: // change a value's type
      case 2:
        if (pair !== undefined) pair.value = newNode(randomValue(random, expression));
        break;
      case 3: // misspell a key
        if (pair !== undefined && isScalar(pair.key))
          pair.key = newNode(misspell(random, String(pair.key.value)));
        break;
      case 4: // an unknown key, or a real key in the wrong place
        target.set(
          random.chance(0.5) ? random.pick(DSL_KEYS) : `unknown_${random.int(0, 99)}`,
          newNode(randomValue(random, expression)),
        );
        break;
      case 5: // a template with a random expression in a string value
        if (pair !== undefined) pair.value = newNode(`before {{${expression()}}} after`);
        break;
      case 6: // a key that is not text
        target.set(newNode(random.pick([[1, 2], { a: 1 }, null, 12])), newNode('value'));
        break;
      default: // a braceless condition
        target.set(random.pick(['if', 'until', 'max']), newNode(expression()));
    }
  } else {
    const items = target.items as unknown[];
    const at = items.length > 0 ? random.int(0, items.length - 1) : 0;
    switch (operation % 4) {
      case 0:
        items.splice(at, 1);
        break;
      case 1:
        items.splice(at, 0, newNode(randomValue(random, expression)));
        break;
      case 2:
        items.splice(
          at,
          0,
          newNode({
            [random.pick(['Coder', 'Cder', 'set', 'if', 'for', 'Nobody x'])]: randomValue(random, expression),
          }),
        );
        break;
      default:
        items.splice(at, 1, newNode(randomValue(random, expression)));
    }
  }
  try {
    return document.toString({ lineWidth: 0 });
  } catch {
    return text; // yaml's printer recurses: documents nested thousands deep are mutated as text instead
  }
}

/** A textual mutation: breaks the YAML itself. */
function mutateText(text: string, random: SeededRandom): string {
  const lines = text.split('\n');
  const line = random.int(0, Math.max(0, lines.length - 1));
  const current = lines[line] ?? '';
  switch (random.int(0, 8)) {
    case 0: {
      // delete a range of characters
      const start = random.int(0, text.length);
      return text.slice(0, start) + text.slice(start + random.int(1, 40));
    }
    case 1: {
      // insert a breaking character
      const at = random.int(0, text.length);
      return text.slice(0, at) + random.pick(BREAKERS) + text.slice(at);
    }
    case 2: // bad indentation
      lines[line] = random.chance(0.3)
        ? `\t${current}`
        : random.chance(0.5)
          ? ' '.repeat(random.int(1, 3)) + current
          : current.replace(/^ {1,3}/, '');
      return lines.join('\n');
    case 3: // a duplicated line, so usually a duplicate key
      lines.splice(line, 0, current);
      return lines.join('\n');
    case 4: {
      // two lines swapped
      const other = random.int(0, lines.length - 1);
      [lines[line], lines[other]] = [lines[other] ?? '', current];
      return lines.join('\n');
    }
    case 5: // cut off
      return text.slice(0, random.int(0, text.length));
    case 6: // an unbalanced quote or bracket at the end of a line
      lines[line] = current + random.pick(['"', "'", '[', '{', ']', '}', ' "{{', " '${X"]);
      return lines.join('\n');
    case 7: // an environment variable, defined or not, well-formed or not
      lines[line] = current.replace(
        /: (\S)/,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: `${VAR}` is the DSL's environment syntax
        `: ${random.pick(['${MISSING}', '${PROJECT}', '${PROJECT:-x}', '${', '${A B}', '$${X}'])}$1`,
      );
      return lines.join('\n');
    default: // anchors and aliases in odd places
      lines[line] = current.replace(
        /: /,
        random.pick([': &a ', ': *a ', ': *nowhere ', ': !!binary ', ': !custom ']),
      );
      return lines.join('\n');
  }
}

/**
 * Applies one to three random mutations (structural or textual) to a workflow file's text.
 *
 * @example
 * const broken = mutateWorkflowText(text, seededRandom(7), () => "task | upper");
 */
export function mutateWorkflowText(text: string, random: SeededRandom, expression: ExpressionSource): string {
  let result = text;
  const count = random.int(1, 3);
  for (let index = 0; index < count; index += 1) {
    result = random.chance(0.55) ? mutateTree(result, random, expression) : mutateText(result, random);
  }
  return result;
}
