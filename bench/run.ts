import { assertNodeVersion } from '../src/node-version.ts';
import { agentLoopBench } from './agent-loop.bench.ts';
import { processBench } from './process.bench.ts';

assertNodeVersion();
console.log(`Vega benchmarks — Node ${process.versions.node}, ${process.platform}/${process.arch}`);
await agentLoopBench();
await processBench();
