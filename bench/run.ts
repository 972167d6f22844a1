import { assertNodeVersion } from '../src/node-version.ts';
import { agentLoopBench } from './agent-loop.bench.ts';
import { interpreterBench } from './interpreter.bench.ts';
import { journalBench } from './journal.bench.ts';
import { observabilityBench } from './observability.bench.ts';
import { processBench } from './process.bench.ts';
import { trafficBench } from './traffic.bench.ts';
import { validateBench } from './validate.bench.ts';

assertNodeVersion();
// `node bench/run.ts [agent-loop] [process] [traffic] [journal] [validate] [interpreter] [observability] [--quick]`: the named benchmarks
// only (default all); `--quick` (or VEGA_BENCH_TRAFFIC_CALLS=n) makes the traffic, journal and interpreter runs small,
// for smoke tests.
const args = process.argv.slice(2);
const names = args.filter((arg) => !arg.startsWith('--'));
const selected = (name: string) => names.length === 0 || names.includes(name);
console.log(`Vega benchmarks — Node ${process.versions.node}, ${process.platform}/${process.arch}`);
if (selected('agent-loop')) await agentLoopBench();
if (selected('process')) await processBench();
if (selected('traffic')) await trafficBench({ quick: args.includes('--quick') });
if (selected('journal')) await journalBench({ quick: args.includes('--quick') });
if (selected('validate')) await validateBench();
if (selected('interpreter')) await interpreterBench({ quick: args.includes('--quick') });
if (selected('observability')) await observabilityBench();
