import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/core/data/csv-writer';
import { eventColumnViews, OTHER_LEVELS } from '../../src/core/eval/sequence/event-columns';
import { compareLengthCounts, compareLengths } from '../../src/core/eval/sequence/length-compare';
import { compareTimelines, pickEntities } from '../../src/core/eval/sequence/timelines';
import { compareTransitions, transitionColumns } from '../../src/core/eval/sequence/transitions';
import { cellTableFromCsv } from '../../src/core/sequence/cells-csv';
import type { EntityTable } from '../../src/core/sequence/entity-table';
import { readLongTable } from '../../src/core/sequence/read-long';
import { sequenceOutline } from '../../src/core/sequence/outline';
import { customers } from './sequence-fixtures';

/** A long table read as entities (key "id", order "t"). */
function entities(rows: string[][], order: string | null = 't'): EntityTable {
  const names = ['id', 'group', 't', 'x', 'state'];
  const read = readLongTable(cellTableFromCsv(writeCsv(names, rows)), { key: 'id', order });
  if (!read.table) throw new Error(read.problems.map((p) => p.message).join(' '));
  return read.table;
}

// a: 3 events, b: 1, c: 2 (x has 12 distinct numbers across the two tables' real one)
const REAL = entities([
  ['a', 'g1', '0', '1.5', 'on'],
  ['a', 'g1', '2', '2.5', 'off'],
  ['a', 'g1', '5', '3.5', 'off'],
  ['b', 'g2', '1', '10', 'on'],
  ['c', 'g2', '4', '20', 'on'],
  ['c', 'g2', '3', '30', 'on'],
  ['d', 'g1', '0', '40', 'on'],
  ['d', 'g1', '1', '50', 'off'],
  ['d', 'g1', '2', '60', 'on'],
  ['d', 'g1', '3', '70', 'off'],
  ['d', 'g1', '4', '80', 'on'],
  ['d', 'g1', '9', '90', 'off'],
]);

describe('sequence lengths, real against synthetic', () => {
  it('puts both tables on the same bins and gives shares of entities', () => {
    const c = compareLengthCounts(Int32Array.of(1, 2, 2, 5), Int32Array.of(3, 3, 7));
    expect(c.bins.map((b) => b.label)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(c.bins.map((b) => b.real)).toEqual([0.25, 0.5, 0, 0, 0.25, 0, 0]);
    expect(c.bins[2]?.synth).toBeCloseTo(2 / 3);
    expect(c.bins[6]?.synth).toBeCloseTo(1 / 3);
    expect(c.real.mean).toBe(2.5);
    expect(c.synth.median).toBe(3);
  });

  it('groups lengths into at most maxBins whole-number bins', () => {
    const c = compareLengthCounts(Int32Array.of(1, 100), Int32Array.of(50), 10);
    expect(c.bins.length).toBeLessThanOrEqual(10);
    expect(c.bins[0]?.label).toBe('1–10');
    expect(c.bins.reduce((s, b) => s + b.real, 0)).toBeCloseTo(1);
    expect(c.bins.reduce((s, b) => s + b.synth, 0)).toBeCloseTo(1);
  });

  it('reads entity tables and survives an empty synthetic table', () => {
    const c = compareLengths(REAL, { ...REAL, keys: [], eventStart: Int32Array.of(0) });
    expect(c.real.entities).toBe(4);
    expect(c.real.events).toBe(12);
    expect(c.synth.entities).toBe(0);
    expect(c.bins.every((b) => b.synth === 0)).toBe(true);
  });
});

describe('entity timelines', () => {
  it('picks short, typical and long entities', () => {
    // lengths a 3, b 1, c 2, d 6
    expect(pickEntities(REAL, 3).map((e) => REAL.keys[e])).toEqual(['c', 'a', 'd']);
    expect(pickEntities(REAL, 10)).toHaveLength(4);
  });

  it('reads numbers as lines and categories as level indexes, against time since the first event', () => {
    const t = compareTimelines(REAL, REAL, 4);
    expect(t.columns.map((c) => [c.name, c.kind])).toEqual([
      ['x', 'numeric'],
      ['state', 'categorical'],
    ]);
    const c = t.real.find((l) => l.key === 'c');
    // c's events are sorted by t (3, then 4): x is 30 then 20
    expect(c?.x).toEqual([0, 1]);
    expect(c?.values[0]).toEqual([30, 20]);
    expect(c?.subject).toEqual([{ name: 'group', value: 'g2' }]);
    const state = t.columns[1];
    const a = t.real.find((l) => l.key === 'a');
    expect(
      a?.values[1]?.map((i) => (state?.kind === 'categorical' ? state.levels[i] : '')),
    ).toEqual(['on', 'off', 'off']);
    expect(t.ranges[0]).toEqual([1.5, 90]);
    expect(t.xMax).toBe(9);
    expect(t.xLabel).toBe('t since the first event');
  });

  it('decimates long entities, keeping the last event', () => {
    const t = compareTimelines(REAL, REAL, 4, 4);
    const d = t.real.find((l) => l.key === 'd');
    expect(d?.stride).toBe(2);
    expect(d?.x).toEqual([0, 2, 4, 9]);
    expect(d?.events).toBe(6);
  });

  it('uses the event number when there is no order column', () => {
    const t = compareTimelines(
      entities(
        [
          ['a', 'g', '1', '1', 'on'],
          ['a', 'g', '2', '2', 'off'],
        ],
        null,
      ),
      REAL,
      1,
    );
    expect(t.xLabel).toBe('event number');
    expect(t.real[0]?.x).toEqual([0, 1]);
  });
});

describe('transition heatmaps', () => {
  it('row-normalises transitions within entities only', () => {
    const c = compareTransitions(REAL, REAL, 'state');
    expect(c.levels).toEqual(['on', 'off']);
    // on->off: a, d, d, d (4); on->on: c (1); off->off: a (1); off->on: d, d (2)
    expect(c.realFrom).toEqual([5, 3]);
    expect(c.real[0]).toEqual([1 / 5, 4 / 5]);
    expect(c.real[1]?.[0]).toBeCloseTo(2 / 3);
    expect(c.largest).toBe(0);
    expect(c.differences).toEqual([]);
  });

  it('names the biggest difference in words on the simulator’s Markov channel', () => {
    const real = customers(300, 1);
    expect(transitionColumns(real)).toContain('channel');
    // a synthetic table whose channel never stays: every event flips
    const flipped = { ...real, events: real.events.map((col) => [...col]) };
    const j = real.eventColumns.indexOf('channel');
    const levels = eventColumnViews(real).find((c) => c.name === 'channel');
    const names = levels?.kind === 'categorical' ? levels.levels : [];
    const col = flipped.events[j] as (string | null)[];
    for (let e = 0; e < real.keys.length; e += 1)
      for (let i = real.eventStart[e] as number; i < (real.eventStart[e + 1] as number); i += 1)
        col[i] = names[(i - (real.eventStart[e] as number)) % 2] as string;
    const c = compareTransitions(real, flipped, 'channel');
    // the simulator's channel stays with probability 0.85
    expect(c.real[0]?.[0]).toBeGreaterThan(0.75);
    expect(c.synth[0]?.[0]).toBe(0);
    expect(c.largest).toBeGreaterThan(0.75);
    expect(c.differences[0]?.text).toMatch(/^After “.+”, the next event is “.+” in \d+% of real/);
    // one named difference per row (a row's shares sum to 1, so the other mirrors it)
    expect(new Set(c.differences.map((d) => d.from)).size).toBe(c.differences.length);
    expect(c.differences).toHaveLength(2);
  });

  it('names no difference smaller than 5 points', () => {
    const a = customers(300, 1);
    const b = customers(300, 2);
    const c = compareTransitions(a, b, 'channel');
    expect(c.largest).toBeLessThan(0.05);
    expect(c.differences).toEqual([]);
  });

  it('groups rare levels and refuses a numeric column', () => {
    const many = entities(
      Array.from({ length: 12 }, (_, i) => ['a', 'g', String(i), '1', `s${i % 10}`]),
    );
    expect(eventColumnViews(many, 3).find((c) => c.name === 'state')).toMatchObject({
      levels: ['s0', 's1', 's2', OTHER_LEVELS],
    });
    expect(() => compareTransitions(REAL, REAL, 'x')).toThrow(/not a category column/);
  });
});

describe('the outline "How it works" reads', () => {
  it('lists subject columns, then event columns with the order column first', () => {
    const o = sequenceOutline(REAL);
    expect(o.subjectColumns).toEqual([{ name: 'group', kind: 'category', levels: 2 }]);
    expect(o.eventColumns.map((c) => [c.name, c.kind])).toEqual([
      ['t', 'number'],
      ['x', 'number'],
      ['state', 'category'],
    ]);
    expect([o.entities, o.events, o.maxLength, o.meanLength]).toEqual([4, 12, 6, 3]);
  });
});
