import { CommandLineError } from './command-line-error.ts';

/**
 * What `vega show` is asked to show, checked: a run from the store, or an agent or a workflow of a file.
 *
 * @example
 * parseShowTarget('agent'); // 'agent'
 */
export function parseShowTarget(what: string): 'run' | 'agent' | 'workflow' {
  if (what === 'run' || what === 'agent' || what === 'workflow') return what;
  throw new CommandLineError(
    `'vega show' shows a run, an agent or a workflow, not '${what}'.`,
    'Use: vega show run <id>, vega show agent <name> --file FILE or vega show workflow <name> --file FILE',
  );
}
