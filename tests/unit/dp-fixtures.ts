/** The differential privacy tests' shared table: a tied city and plan, and an optional canary. */
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import { prepare, Synthesis, type SynthesisConfig } from '../../src/core/pipeline';
import { Rng } from '../../src/core/rng';

export const CANARY_LEVEL = 'Atlantis-7f3q';
export const CANARY_VALUE = 987654321;

/**
 * `rows` rows: age ~ 20..70, city of 3 levels, plan tied to city (90 %), spend by city; with
 * `canary` one extra row holding an extreme value and a unique level.
 */
export function canaryCsv(canary: boolean, rows: number): string {
  const rng = new Rng(7);
  const cities = ['Leeds', 'York', 'Hull'];
  const lines = ['age,city,plan,spend'];
  for (let i = 0; i < rows; i += 1) {
    const c = rng.int(3);
    const plan = rng.uniform() < 0.9 ? ['basic', 'plus', 'pro'][c] : 'basic';
    const age = 20 + Math.floor(rng.uniform() * 50);
    const spend = (10 + c * 40 + rng.normal() * 5).toFixed(2);
    lines.push(`${age},${cities[c]},${plan},${spend}`);
  }
  if (canary) lines.push(`${CANARY_VALUE},${CANARY_LEVEL},basic,${CANARY_VALUE}.5`);
  return `${lines.join('\n')}\n`;
}

/** Reads `text`, infers its schema and trains `config` to the end. */
export async function trainText(text: string, config: SynthesisConfig): Promise<Synthesis> {
  const { table } = readCsvText(text);
  const prepared = prepare(table, inferSchema(table), config);
  const run = Synthesis.train(prepared, config);
  for (;;) {
    const next = await run.next();
    if (next.done) return next.value;
  }
}

/**
 * The data's own cities come through. Under DP a noise-only cell (missing, or the "other" of
 * levels the domain does not keep) passes its noise threshold now and then (the noise comes
 * from Web Crypto, so no run is seeded): such cells may appear, written as empty or "(other)",
 * but only in a sliver of the rows, and never as the canary.
 */
export function cityLevelsOf(rows: readonly (readonly string[])[], city: number) {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row[city] ?? '', (counts.get(row[city] ?? '') ?? 0) + 1);
  const noise = (counts.get('') ?? 0) + (counts.get('(other)') ?? 0);
  const levels = new Set([...counts.keys()].filter((k) => k !== '' && k !== '(other)'));
  return { levels, noiseShare: noise / Math.max(1, rows.length) };
}
