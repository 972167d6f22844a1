import { isScalar, isSeq, type ParsedNode } from 'yaml';
import { closestName } from '../../diagnostics/closest-name.ts';
import type { NamedTemplate } from '../document/custom-tool-definition.ts';
import type { TemplateValue } from '../document/template-value.ts';
import type { Template } from '../template/template.ts';
import { describeNode } from './describe-node.ts';
import type { KeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { readMapEntries } from './map-entries.ts';
import { readChoice } from './read-choice.ts';
import { readDuration } from './read-duration.ts';
import { readText } from './read-scalar.ts';
import { readTemplate, readTemplateValue } from './read-template.ts';
import { resolveNode } from './resolve-node.ts';

/** The kinds of custom tool implementation. */
export const IMPLEMENTATION_TYPES = ['http', 'exec', 'file_read', 'file_write'] as const;

/** A kind of custom tool implementation. */
export type ImplementationType = (typeof IMPLEMENTATION_TYPES)[number];

/** The HTTP methods an `http` implementation may use. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

/** Which keys each implementation type takes, besides `type`. */
export const IMPLEMENTATION_KEYS: Readonly<Record<ImplementationType, readonly string[]>> = {
  http: ['method', 'url', 'headers', 'query', 'body', 'timeout'],
  exec: ['command', 'args', 'timeout'],
  file_read: ['path'],
  file_write: ['path', 'content', 'append'],
};

/** A custom tool's `implementation:` while its keys are read. */
export interface ImplementationDraft {
  /** The owner, for messages: `the implementation of tool 'send_slack'`. */
  readonly owner: string;
  type?: ImplementationType;
  method?: string;
  url?: Template;
  headers?: NamedTemplate[];
  query?: NamedTemplate[];
  body?: TemplateValue;
  timeoutMs?: number;
  command?: Template;
  args?: Template[];
  path?: Template;
  content?: Template;
  append?: boolean;
}

const label = (key: string, draft: ImplementationDraft): string => `\`${key}\` of ${draft.owner}`;

/** The keys of a custom tool's `implementation:`, of every type (which type takes which is checked after). */
export const toolImplementationKeys: KeyTable<ImplementationDraft> = {
  place: 'on tool implementations',
  keys: {
    type: (entry, context, draft) =>
      assign(
        draft,
        'type',
        readChoice(context, entry.value, label('type', draft), IMPLEMENTATION_TYPES)?.value,
      ),
    method: (entry, context, draft) => {
      const method = readText(context, entry.value, label('method', draft));
      if (method === undefined) return;
      // Methods are case-insensitive on the wire; accept `post` as written by hand.
      const known = HTTP_METHODS.find((candidate) => candidate === method.value.toUpperCase());
      if (known !== undefined) {
        draft.method = known;
        return;
      }
      const closest = closestName(method.value.toUpperCase(), HTTP_METHODS);
      context.report(
        'error',
        'invalid_value',
        `${label('method', draft)} must be one of ${HTTP_METHODS.join(', ')}, got '${method.value}'`,
        method.span,
        closest === undefined ? undefined : `did you mean '${closest}'?`,
      );
    },
    url: (entry, context, draft) =>
      assign(draft, 'url', readTemplate(context, entry.value, label('url', draft))),
    headers: (entry, context, draft) =>
      assign(draft, 'headers', readNamedTemplates(context, entry.value, label('headers', draft))),
    query: (entry, context, draft) =>
      assign(draft, 'query', readNamedTemplates(context, entry.value, label('query', draft))),
    body: (entry, context, draft) =>
      assign(draft, 'body', readTemplateValue(context, entry.value, label('body', draft))),
    timeout: (entry, context, draft) =>
      assign(draft, 'timeoutMs', readDuration(context, entry.value, label('timeout', draft))?.value),
    command: (entry, context, draft) =>
      assign(draft, 'command', readTemplate(context, entry.value, label('command', draft))),
    args: (entry, context, draft) => {
      const node = resolveNode(context, entry.value);
      if (!isSeq(node)) {
        context.report(
          'error',
          'invalid_type',
          `${label('args', draft)} must be a list, got ${describeNode(node)}`,
          entry.valueSpan,
          'write it as ["status", "--short"]',
        );
        return;
      }
      draft.args = node.items.flatMap(
        (item) => readTemplate(context, item as ParsedNode, `each of ${label('args', draft)}`) ?? [],
      );
    },
    path: (entry, context, draft) =>
      assign(draft, 'path', readTemplate(context, entry.value, label('path', draft))),
    content: (entry, context, draft) =>
      assign(draft, 'content', readTemplate(context, entry.value, label('content', draft))),
    append: (entry, context, draft) => {
      const node = resolveNode(context, entry.value);
      if (isScalar(node) && typeof node.value === 'boolean') {
        draft.append = node.value;
        return;
      }
      context.report(
        'error',
        'invalid_type',
        `${label('append', draft)} must be true or false, got ${describeNode(node)}`,
        entry.valueSpan,
      );
    },
  },
};

function readNamedTemplates(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
): NamedTemplate[] | undefined {
  if (resolveNode(context, raw) === null) return [];
  const entries = readMapEntries(context, raw, label);
  if (entries === undefined) return undefined;
  return entries.flatMap((entry) => {
    const template = readTemplate(context, entry.value, `\`${entry.key}\` in ${label}`);
    return template === undefined ? [] : [{ name: entry.key, template }];
  });
}

function assign<Key extends keyof ImplementationDraft>(
  draft: ImplementationDraft,
  key: Key,
  value: ImplementationDraft[Key] | undefined,
): void {
  if (value !== undefined) draft[key] = value;
}
