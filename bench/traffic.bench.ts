import { printTable, printTargets, type TargetMeasurement, targetMet } from './harness.ts';
import { pipelineOverhead } from './traffic-overhead.ts';
import { LATENCY, LIMITS, planCalls, quantile } from './traffic-plan.ts';
import { runSetup, SETUP_LABELS, type SetupKind, type SetupResult } from './traffic-setups.ts';

const FULL_CALLS = 2_000;
const QUICK_CALLS = 300;
const CONCURRENCY = 50;
const SEED = 20_260_101;
const SETUPS: readonly SetupKind[] = ['ai-sdk', 'vega-declared', 'vega-learned'];

export interface TrafficBenchOptions {
  /** A small run for smoke tests: {@link QUICK_CALLS} calls; the targets then mean little. */
  readonly quick?: boolean;
}

/** Calls per set-up: `VEGA_BENCH_TRAFFIC_CALLS` wins, then `--quick`, else the full 2,000. */
function callCount(quick: boolean): number {
  const fromEnv = process.env.VEGA_BENCH_TRAFFIC_CALLS;
  if (fromEnv !== undefined && fromEnv !== '') {
    const count = Number(fromEnv);
    if (!(Number.isInteger(count) && count > 0 && count <= 99_999)) {
      throw new RangeError(`VEGA_BENCH_TRAFFIC_CALLS must be an integer in 1..99999, not '${fromEnv}'.`);
    }
    return count;
  }
  return quick ? QUICK_CALLS : FULL_CALLS;
}

const atLeast = (value: number) => ({ bound: 'at-least', value }) as const;
const atMost = (value: number) => ({ bound: 'at-most', value }) as const;

/** Share (%) of what a per-minute limit allowed over `wallMs`: its initial full bucket plus refill. */
const shareOfLimit = (used: number, perMinute: number, wallMs: number): number =>
  (100 * used) / (perMinute + (perMinute * wallMs) / 60_000);

interface Figures {
  readonly answered429: number;
  readonly requests: number;
  readonly share429: number;
  readonly failed: number;
  readonly tokensAccepted: number;
  readonly tpmUsed: number;
  readonly rpmUsed: number;
  readonly wallSeconds: number;
  readonly waitP50: number;
  readonly waitP99: number;
}

function figuresOf(result: SetupResult): Figures {
  const { stats } = result;
  const accepted = stats.requests - stats.answered429;
  return {
    answered429: stats.answered429,
    requests: stats.requests,
    share429: stats.requests === 0 ? 0 : (100 * stats.answered429) / stats.requests,
    failed: result.calls - result.succeeded,
    tokensAccepted: stats.tokensAccepted,
    tpmUsed: shareOfLimit(stats.tokensAccepted, LIMITS.tokensPerMinute, result.wallMs),
    rpmUsed: shareOfLimit(accepted, LIMITS.requestsPerMinute, result.wallMs),
    wallSeconds: result.wallMs / 1_000,
    waitP50: quantile(result.waits, 0.5),
    waitP99: quantile(result.waits, 0.99),
  };
}

const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');
const fixed = (value: number, digits: number): string => (Number.isNaN(value) ? '—' : value.toFixed(digits));

function printSetupTable(results: readonly SetupResult[]): void {
  const header = [
    'set-up',
    '429s',
    'requests',
    '429 %',
    'failed calls',
    'tokens accepted',
    'TPM used',
    'RPM used',
    'wall s',
    'wait p50 ms',
    'wait p99 ms',
  ];
  const rows = results.map((result) => {
    const f = figuresOf(result);
    return [
      SETUP_LABELS[result.kind],
      thousands(f.answered429),
      thousands(f.requests),
      `${fixed(f.share429, 2)}%`,
      thousands(f.failed),
      thousands(f.tokensAccepted),
      `${fixed(f.tpmUsed, 1)}%`,
      `${fixed(f.rpmUsed, 1)}%`,
      fixed(f.wallSeconds, 1),
      fixed(f.waitP50, 0),
      fixed(f.waitP99, 0),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!))).join('  ')}`;
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

function printNotes(results: readonly SetupResult[]): void {
  for (const result of results) {
    const parts: string[] = [];
    const byStatus = Object.entries(result.stats.byStatus)
      .map(([status, count]) => `${status}: ${thousands(count)}`)
      .join(', ');
    parts.push(`answers by status {${byStatus}}`);
    if (result.failures.size > 0) {
      parts.push(`failures ${[...result.failures].map(([why, count]) => `${count} × ${why}`).join(', ')}`);
    }
    parts.push(
      `end-to-end call latency p50 ${fixed(quantile(result.latencies, 0.5), 0)} ms, p99 ${fixed(quantile(result.latencies, 0.99), 0)} ms`,
    );
    if (result.limiterWaits.length > 0) {
      parts.push(
        `pipeline waitedMs (rate-limit queues) p50 ${fixed(quantile(result.limiterWaits, 0.5), 0)} ms, p99 ${fixed(quantile(result.limiterWaits, 0.99), 0)} ms`,
      );
    }
    if (result.attempts.size > 0) {
      const attempts = [...result.attempts].sort(([a], [b]) => a - b);
      parts.push(`attempts per successful call ${attempts.map(([n, count]) => `${n}: ${count}`).join(', ')}`);
    }
    if (result.events.size > 0) {
      parts.push(`policy events ${[...result.events].map(([type, count]) => `${type} ${count}`).join(', ')}`);
    }
    if (result.rateLimitRetriesAtMs.length > 0) {
      const at = result.rateLimitRetriesAtMs.map((ms) => (ms / 1_000).toFixed(1));
      const shown = at.length > 40 ? [...at.slice(0, 40), `… ${at.length - 40} more`] : at;
      parts.push(`429-driven retries at s: ${shown.join(' ')}`);
    }
    if (result.limitsAtEnd !== undefined)
      parts.push(`limits at the end ${JSON.stringify(result.limitsAtEnd)}`);
    console.log(`  ${SETUP_LABELS[result.kind]}:`);
    for (const part of parts) console.log(`    ${part}`);
  }
}

/**
 * Traffic against the fixture server's enforced limits, three set-ups side by side (each on a fresh
 * server with full buckets), then the pipeline's own overhead per call. Misses are printed, not thrown.
 */
export async function trafficBench(options: TrafficBenchOptions = {}): Promise<TargetMeasurement[]> {
  const quick = options.quick ?? false;
  const count = callCount(quick);
  const full = count === FULL_CALLS;
  const plan = planCalls(count, SEED);

  const overhead = await pipelineOverhead();
  printTable(
    `Model-call pipeline overhead (zero-latency in-process model, ${thousands(overhead.calls)} calls each after warm-up, median of 15 samples)`,
    overhead.rows,
  );
  const overheadMicros = overhead.pipeline.microsecondsPerUnit - overhead.doGenerate.microsecondsPerUnit;

  const tokenMinutes = Math.max(0, (plan.totalTokens - LIMITS.tokensPerMinute) / LIMITS.tokensPerMinute);
  const requestMinutes = Math.max(0, (count - LIMITS.requestsPerMinute) / LIMITS.requestsPerMinute);
  console.log(
    `\nTraffic: ${thousands(count)} calls per set-up from ${CONCURRENCY} concurrent agents against the fixture server ` +
      `(${thousands(LIMITS.requestsPerMinute)} RPM, ${thousands(LIMITS.tokensPerMinute)} TPM, latency ${LATENCY.minMs}–${LATENCY.maxMs} ms)` +
      `${full ? '' : ' — SMALL RUN: the targets are meant for the full 2,000 calls'}` +
      `\n  sizes (seed ${SEED}): prompts ${fixed(plan.meanPromptChars, 0)} chars on average (93% 200–600, 7% 600–3,000), ` +
      `input = ceil(chars / 4) ≈ ${fixed(plan.meanInputTokens, 1)}, output 20–400 ≈ ${fixed(plan.meanOutputTokens, 1)}; ` +
      `${fixed(plan.totalTokens / count, 1)} tokens per call, ${thousands(plan.totalTokens)} in all` +
      `\n  least possible wall time: tokens ${fixed(tokenMinutes * 60, 0)} s, requests ${fixed(requestMinutes * 60, 0)} s ` +
      `(what exceeds the initial full bucket, at the refill rate)`,
  );

  const results: SetupResult[] = [];
  for (const [index, kind] of SETUPS.entries()) {
    process.stdout.write(`  running ${SETUP_LABELS[kind]} …`);
    const result = await runSetup(kind, plan, CONCURRENCY, SEED + index);
    console.log(` ${fixed(result.wallMs / 1_000, 1)} s`);
    results.push(result);
  }
  console.log('');
  printSetupTable(results);
  console.log(
    '\n  Definitions:' +
      "\n    429s, requests: the fixture server's stats() (model requests received, and those its limits refused)." +
      '\n    failed calls: calls whose caller got an error in the end (retries spent).' +
      '\n    TPM used = tokens accepted ÷ (200,000 + 200,000 × wall minutes): the share of what the token limit allowed' +
      '\n      over the run, its initial full bucket included. RPM used likewise, with requests answered without a 429.' +
      "\n    wall: from the first call's start to the last call's end." +
      "\n    wait (successful calls): arrival at the server of the call's successful request − the call's start, i.e." +
      '\n      time spent in rate-limit queues, retry delays and refused attempts before the request that was served.' +
      "\n      It excludes the served request's own server latency (20–200 ms) and the response; failed calls are left out.",
  );
  printNotes(results);

  const figures = new Map(results.map((result) => [result.kind, figuresOf(result)]));
  const a = figures.get('ai-sdk')!;
  const b = figures.get('vega-declared')!;
  const c = figures.get('vega-learned')!;
  const rows: TargetMeasurement[] = [
    {
      name: '(a) AI SDK: 429 responses',
      count: a.requests,
      value: a.answered429,
      unit: '',
      target: undefined,
    },
    { name: '(a) AI SDK: failed calls', count, value: a.failed, unit: '', target: undefined },
    { name: '(a) AI SDK: TPM used', count, value: a.tpmUsed, unit: '%', target: undefined },
    {
      name: '(b) Vega declared: 429 responses',
      count: b.requests,
      value: b.answered429,
      unit: '',
      target: atMost(0),
    },
    { name: '(b) Vega declared: TPM used', count, value: b.tpmUsed, unit: '%', target: atLeast(95) },
    { name: '(b) Vega declared: failed calls', count, value: b.failed, unit: '', target: undefined },
    {
      name: '(c) Vega learned: requests answered 429',
      count: c.requests,
      value: c.share429,
      unit: '%',
      target: atMost(2),
    },
    { name: '(c) Vega learned: TPM used', count, value: c.tpmUsed, unit: '%', target: atLeast(85) },
    { name: '(c) Vega learned: failed calls', count, value: c.failed, unit: '', target: undefined },
    {
      name: 'pipeline overhead per call over doGenerate',
      count: overhead.calls,
      value: overheadMicros,
      unit: 'µs',
      target: atMost(15),
    },
  ];
  printTargets(`Traffic targets (${full ? 'full run' : `small run of ${count} calls`})`, rows);
  const missed = rows.filter((row) => targetMet(row) === false);
  if (missed.length > 0) console.log(`  missed: ${missed.map((row) => row.name).join('; ')}`);
  return rows;
}
