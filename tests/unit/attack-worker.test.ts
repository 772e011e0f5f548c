import { describe, expect, it } from 'vitest';
import { rawFromRows } from '../../src/core/data/raw-table-ops';
import { inferSchema } from '../../src/core/data/schema-inference';
import { Rng } from '../../src/core/rng';
import { attackGenerated, splitForRun } from '../../src/worker/evaluation-session';

// The engine's attack handler on raw rows, as the page sends them: the run's split, the
// generated rows as strings, the holdout as the control.
const names = ['age', 'city', 'pay', 'member'];
const rng = new Rng(3);
const rows = Array.from({ length: 300 }, () => [
  String(18 + rng.int(60)),
  ['Lisbon', 'Porto', 'Faro'][rng.int(3)] as string,
  String(Math.round(rng.uniform() * 1e5)),
  rng.int(2) ? 'yes' : 'no',
]);
const raw = rawFromRows(names, rows);
const schema = inferSchema(raw);
const split = splitForRun(raw.rowCount, 0.3, 1);
const trainStrings = Array.from(split.train, (r) => rows[r] as string[]);

describe('attackGenerated (the engine worker handler)', () => {
  it('attacks generated rows that copy the training rows and reports the risks', () => {
    const shares: number[] = [];
    const r = attackGenerated({
      raw,
      schema,
      trainRows: split.train,
      holdoutRows: split.holdout,
      names,
      rows: trainStrings,
      target: 'member',
      seed: 1,
      attacks: { attacks: 80, secrets: ['city'] },
      onProgress: (s) => shares.push(s),
    });
    expect(r.error).toBeNull();
    expect(r.report?.inference.city?.risk).toBeGreaterThan(0.8);
    expect(r.report?.singlingOut?.risk).toBeGreaterThan(0.5);
    expect(shares.at(-1)).toBe(1);
  });

  it('answers bad settings with a message instead of failing', () => {
    const base = {
      raw,
      schema,
      trainRows: split.train,
      names,
      rows: trainStrings,
      target: null,
      seed: 1,
    };
    expect(attackGenerated({ ...base, holdoutRows: null, attacks: {} }).error).toMatch(
      /no holdout rows/,
    );
    expect(
      attackGenerated({ ...base, holdoutRows: split.holdout, attacks: { secrets: ['salary'] } })
        .error,
    ).toMatch(/no column "salary"/);
  });
});
