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

/** A figure checked against a target. A miss is printed, never thrown: benchmarks do not fail the build. */
export interface TargetMeasurement {
  readonly name: string;
  /** How many processes or messages the figure was measured over. */
  readonly count: number;
  readonly value: number;
  readonly unit: string;
  /** `at-least` for rates, `at-most` for costs; undefined when the figure is only reported. */
  readonly target: { readonly bound: 'at-least' | 'at-most'; readonly value: number } | undefined;
  /** Set when the measurement crashed; printed in place of the figure. */
  readonly error?: string;
}

const formatNumber = (value: number): string =>
  value >= 1000 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 100 ? 0 : 1);

export function targetMet(row: TargetMeasurement): boolean | undefined {
  if (row.error !== undefined) return false;
  if (row.target === undefined) return undefined;
  return row.target.bound === 'at-least' ? row.value >= row.target.value : row.value <= row.target.value;
}

export function printTargets(title: string, rows: readonly TargetMeasurement[]): void {
  console.log(`\n${title}`);
  const cells = rows.map((row) => {
    const met = targetMet(row);
    return [
      row.name,
      formatNumber(row.count),
      row.error === undefined ? `${formatNumber(row.value)} ${row.unit}` : 'crashed',
      row.target === undefined
        ? '—'
        : `${row.target.bound === 'at-least' ? '≥' : '≤'} ${formatNumber(row.target.value)}`,
      met === undefined ? 'reported' : met ? 'met' : 'MISSED',
    ];
  });
  const header = ['measurement', 'N', 'figure', 'target', ''];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => cell[column]!.length)),
  );
  const line = (cell: readonly string[]) =>
    `  ${cell[0]!.padEnd(widths[0]!)}  ${cell[1]!.padStart(widths[1]!)}  ${cell[2]!.padStart(widths[2]!)}  ${cell[3]!.padEnd(widths[3]!)}  ${cell[4]}`;
  console.log(line(header));
  for (const cell of cells) console.log(line(cell));
  for (const row of rows) if (row.error !== undefined) console.log(`  ${row.name} crashed: ${row.error}`);
}
