import { describe, expect, it } from 'vitest';
import {
  completeSeqTrees,
  fitSeqTrees,
  sampleSeqTrees,
} from '../../src/core/models/seq-trees/seq-trees';
import { Rng } from '../../src/core/rng';
import { cellTableFromCsv } from '../../src/core/sequence/cells-csv';
import type { EntityTable } from '../../src/core/sequence/entity-table';
import { eventsPerEntity } from '../../src/core/sequence/lengths';
import { newKeys } from '../../src/core/sequence/new-keys';
import { readLinkedTables } from '../../src/core/sequence/read-linked';
import { entitySignatures } from '../../src/core/sequence/signatures';
import { customers, mean } from './sequence-fixtures';

describe('sequential trees for entities', () => {
  const real = customers(300, 1);
  const model = fitSeqTrees(real, {}, new Rng(1));
  const synth = sampleSeqTrees(model, 300, new Rng(2));

  it('learns when entities end: mean length within 10 % of the real one', () => {
    const r = mean(eventsPerEntity(real));
    expect(Math.abs(mean(eventsPerEntity(synth)) - r) / r).toBeLessThan(0.1);
  });

  it('writes each entity in order: gaps are never negative', () => {
    for (let e = 0; e < synth.keys.length; e += 1)
      for (
        let i = (synth.eventStart[e] as number) + 1;
        i < (synth.eventStart[e + 1] as number);
        i += 1
      )
        expect(synth.orderValues[i] as number).toBeGreaterThanOrEqual(
          synth.orderValues[i - 1] as number,
        );
  });

  it('gives new keys that never equal a real key, and copies no training entity', () => {
    const realKeys = new Set(real.keys);
    expect(synth.keys.some((k) => realKeys.has(k))).toBe(false);
    expect(new Set(synth.keys).size).toBe(synth.keys.length);
    const signatures = new Set(entitySignatures(real));
    expect(entitySignatures(synth).filter((s) => signatures.has(s))).toEqual([]);
  });

  it('keeps the segment levels of the subject and their purchase counts apart', () => {
    const seg = synth.subjectColumns.indexOf('segment');
    const lengths = eventsPerEntity(synth);
    const avg = (level: string) => {
      const v = synth.keys.map((_, e) => e).filter((e) => synth.subjects[seg]?.[e] === level);
      return v.reduce((s, e) => s + (lengths[e] as number), 0) / v.length;
    };
    expect(avg('gold')).toBeGreaterThan(avg('bronze') + 5);
  });

  it('is reproducible from its seed', () => {
    const again = sampleSeqTrees(fitSeqTrees(real, {}, new Rng(1)), 300, new Rng(2));
    expect(again.events).toEqual(synth.events);
  });

  it('keeps numeric keys numeric and text keys text', () => {
    expect(newKeys(['3', '10'], 2)).toEqual(['11', '12']);
    expect(newKeys(['S-000001', 'a'], 2)).toEqual(['S-000002', 'S-000003']);
  });

  it('learns subjects with no events from two linked tables', () => {
    const subjects = cellTableFromCsv(
      'id,group,age\n' +
        Array.from(
          { length: 60 },
          (_, i) => `u${i},${i % 2 ? 'a' : 'b'},${20 + ((i * 37) % 60) / 1.7}`,
        ).join('\n'),
    );
    const rows = ['id,t,v'];
    for (let i = 0; i < 60; i += 1)
      if (i % 3) for (let t = 0; t < 3; t += 1) rows.push(`u${i},${t},${i % 2}`);
    const read = readLinkedTables(subjects, cellTableFromCsv(rows.join('\n')), {
      key: 'id',
      order: 't',
    });
    const table = read.table as EntityTable;
    const out = sampleSeqTrees(fitSeqTrees(table, { minLeaf: 5 }, new Rng(3)), 300, new Rng(4), {
      maxRedraws: 500,
    });
    const empty = eventsPerEntity(out).filter((n) => n === 0).length / 300;
    expect(empty).toBeGreaterThan(0.2);
    expect(empty).toBeLessThan(0.5);
  });

  it('completes given subjects: their keys and values kept, events written for each', () => {
    const out = completeSeqTrees(
      model,
      ['new-1', 'new-2'],
      [
        ['gold', 'bronze'],
        ['30', '70'],
      ],
      new Rng(5),
    );
    expect(out.keys).toEqual(['new-1', 'new-2']);
    expect(out.subjects).toEqual([
      ['gold', 'bronze'],
      ['30', '70'],
    ]);
    expect(Array.from(eventsPerEntity(out)).every((n) => n >= 1)).toBe(true);
    expect(() => completeSeqTrees(model, ['x'], [['gold']], new Rng(5))).toThrow(/segment, age/);
  });
});
