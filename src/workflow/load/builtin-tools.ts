/** Built-in tools this version offers to agents. */
export const SUPPORTED_TOOLS: readonly string[] = ['read_file', 'write_file', 'list_files'];

/** Built-in tools of the spec that this version recognises but does not offer yet. */
export const UNSUPPORTED_TOOLS: readonly string[] = ['append_file', 'run_command', 'http_get', 'http_post'];
