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

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
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
