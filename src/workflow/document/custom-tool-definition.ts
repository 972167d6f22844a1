import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { Template } from '../template/template.ts';
import type { FieldSpans } from './located.ts';
import type { TemplateValue } from './template-value.ts';
import type { InputType } from './workflow-definition.ts';

/** One parameter of a custom tool: what the model must or may send. */
export interface ToolParamDefinition {
  readonly name: string;
  readonly type: InputType;
  /** False unless written `required: true`. */
  readonly required: boolean;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  /** Present only when the file declares one (it may be `null`). */
  readonly default?: { readonly value: unknown };
  readonly span: SourceSpan;
}

/** A text that is a template over the tool's parameters, by name (`headers`, `query`). */
export interface NamedTemplate {
  readonly name: string;
  readonly template: Template;
}

/** How a custom tool does its work. Every template reads the tool's parameters by name. */
export type ToolImplementation =
  | {
      readonly type: 'http';
      /** Upper case: GET, POST, PUT, PATCH, DELETE, HEAD. */
      readonly method: string;
      readonly url: Template;
      readonly headers: readonly NamedTemplate[];
      readonly query: readonly NamedTemplate[];
      /** Text is sent as is; a map or a list is sent as JSON. */
      readonly body?: TemplateValue;
      readonly timeoutMs?: number;
    }
  | {
      readonly type: 'exec';
      readonly command: Template;
      readonly args: readonly Template[];
      readonly timeoutMs?: number;
    }
  | { readonly type: 'file_read'; readonly path: Template }
  | {
      readonly type: 'file_write';
      readonly path: Template;
      readonly content: Template;
      readonly append: boolean;
    };

/** What a custom tool may reach, besides the file's `settings` allow-lists. */
export interface ToolCapabilities {
  readonly allowedHosts: readonly string[];
  /** Folders and files, relative to the sandbox, that `file_read`/`file_write` may use; empty: all of it. */
  readonly allowedPaths: readonly string[];
  readonly allowedCommands: readonly string[];
}

/**
 * A tool declared under `tools:` in a workflow file: parameters (turned into the tool's input schema),
 * an implementation and its capabilities.
 *
 * @example
 * const slack = document.tools.get('send_slack');
 * console.log(slack?.implementation.type, slack?.params.map((param) => param.name));
 */
export interface CustomToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ToolParamDefinition[];
  readonly implementation: ToolImplementation;
  readonly capabilities: ToolCapabilities;
  /** The tool's key. */
  readonly span: SourceSpan;
  readonly fieldSpans: FieldSpans;
}
