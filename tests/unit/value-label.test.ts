import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import { fitCodec } from '../../src/core/data/table-codec';
import { codecLabel, plainLabel } from '../../src/core/data/value-label';
import { prepare, Synthesis, type SynthesisConfig } from '../../src/core/pipeline';
import { Rng } from '../../src/core/rng';

/** 200 rows: a day (day/month/year) that a kind follows, and a size that follows the kind. */
function csv(): string {
  const rng = new Rng(5);
  const lines = ['day,kind,size'];
  for (let r = 0; r < 200; r += 1) {
    const k = rng.int(3);
    const year = 1990 + 10 * k + rng.int(5);
    const day = `${String(1 + rng.int(28)).padStart(2, '0')}/0${1 + rng.int(9)}/${year}`;
    lines.push(`${day},${'abc'[k]},${10 * k + rng.int(4)}`);
  }
  return lines.join('\n');
}

async function train(config: SynthesisConfig): Promise<Synthesis> {
  const raw = readCsvText(csv()).table;
  const run = Synthesis.train(prepare(raw, inferSchema(raw), config), config);
  let next = await run.next();
  while (!next.done) next = await run.next();
  return next.value;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const DATE = /\b\d{2}\/\d{2}\/\d{4}\b/;
const EPOCH = /\d{9,}|e\+/;

describe('How it works writes dates as dates', () => {
  it('labels a date column in its own format and any other number plainly', () => {
    const raw = readCsvText(csv()).table;
    const label = codecLabel(fitCodec(raw, inferSchema(raw)));
    expect(label('day', Date.UTC(2001, 2, 4))).toBe('04/03/2001');
    expect(label('size', 12.345678)).toBe('12.3457');
    expect(label('size', 12.345678)).toBe(plainLabel('size', 12.345678));
  });

  it("the trees' conditions and drawn dates read as dates, not epoch milliseconds", async () => {
    const synthesis = await train({ model: 'cart', epochs: 1, seed: 2 });
    const explained = await synthesis.explainRow(3);
    if (explained.kind !== 'cart') throw new Error('expected the trees');
    const day = explained.steps.find((s) => s.column === 'day');
    expect(day?.value).toMatch(DATE);
    const onDay = explained.steps
      .flatMap((s) => s.paths.flatMap((p) => p.conditions))
      .filter((c) => /^day [<>]/.test(c));
    expect(onDay.length).toBeGreaterThan(0);
    for (const c of onDay) {
      expect(c).toMatch(DATE);
      expect(c).not.toMatch(EPOCH);
    }
  });

  it("ARGN's clipped range and date tokens read as dates", async () => {
    const synthesis = await train({ model: 'argn', epochs: 1, seed: 2 });
    const anatomy = synthesis.fittedAnatomy();
    if (anatomy?.kind !== 'argn') throw new Error('expected ARGN');
    const day = anatomy.columns.find((c) => c.name === 'day');
    expect(day?.tokenKind).toBe('bins');
    for (const end of day?.rangeText ?? []) expect(end).toMatch(DATE);
    expect(day?.rangeText).toHaveLength(2);
    const explained = await synthesis.explainRow(1);
    if (explained.kind !== 'argn') throw new Error('expected ARGN');
    const step = explained.steps.find((s) => s.column === 'day');
    for (const t of step?.top ?? []) expect(t.label).not.toMatch(EPOCH);
    expect(step?.value).toMatch(DATE);
  });
});
