import { BUILTIN_TOOL_NAMES } from '../../tools/builtin-tools.ts';

/** Built-in tools this version offers to agents: every one of the spec. */
export const SUPPORTED_TOOLS: readonly string[] = BUILTIN_TOOL_NAMES;

/** Built-in tools of the spec that this version recognises but does not offer yet: none left. */
export const UNSUPPORTED_TOOLS: readonly string[] = [];
