/** A tiny benchmark harness: warm up, then time batches and keep the median, so one GC pause doesn't decide. */
export interface Measurement {
  readonly name: string;
  /** Median microseconds per unit over the samples. */
  readonly microsecondsPerUnit: number;
  readonly unit: string;
  readonly samples: number;
}

export async function measure(
  name: string,
  unit: string,
  unitsPerRun: number,
  run: () => PromiseLike<unknown>,
  options: { warmupRuns?: number; samples?: number; runsPerSample?: number } = {},
): Promise<Measurement> {
  const { warmupRuns = 50, samples = 15, runsPerSample = 20 } = options;
  for (let index = 0; index < warmupRuns; index += 1) await run();
  const perUnit: number[] = [];
  for (let sample = 0; sample < samples; sample += 1) {
    const start = process.hrtime.bigint();
    for (let index = 0; index < runsPerSample; index += 1) await run();
    const elapsed = Number(process.hrtime.bigint() - start) / 1000;
    perUnit.push(elapsed / (runsPerSample * unitsPerRun));
  }
  perUnit.sort((a, b) => a - b);
  return { name, unit, samples, microsecondsPerUnit: perUnit[Math.floor(perUnit.length / 2)]! };
}

export function printTable(title: string, rows: readonly Measurement[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map((row) => row.name.length));
  for (const row of rows) {
    console.log(
      `  ${row.name.padEnd(width)}  ${row.microsecondsPerUnit.toFixed(2).padStart(9)} µs/${row.unit}`,
    );
  }
}
