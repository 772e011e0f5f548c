/** One line of the model benchmark: a model on a backend. */
export interface BenchRow {
  model: string;
  backend: string;
  rows: number;
  fitSeconds: number;
  secondsPerEpoch: number;
  epochsTimed: number;
  stepsPerEpoch: number;
  trainRowsPerSecond: number;
  sampleRowsPerSecond: number;
  peakMemoryMB: number;
  tensorsAfterEpoch: number[];
}

const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');

/** The benchmark table as markdown, for the README. */
export function benchMarkdown(rows: readonly BenchRow[]): string {
  const head =
    '| model | backend | transformer fit s | s/epoch | epochs timed | train rows/s | sample rows/s | peak MB | tensors after each epoch |\n' +
    '|---|---|---:|---:|---:|---:|---:|---:|---|';
  const body = rows.map(
    (r) =>
      `| ${r.model} | ${r.backend} | ${f(r.fitSeconds)} | ${f(r.secondsPerEpoch)} | ${r.epochsTimed} | ${Math.round(r.trainRowsPerSecond)} | ${Math.round(r.sampleRowsPerSecond)} | ${Math.round(r.peakMemoryMB)} | ${r.tensorsAfterEpoch.join(', ') || '–'} |`,
  );
  return [head, ...body].join('\n');
}
