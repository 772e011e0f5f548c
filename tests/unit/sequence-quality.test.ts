import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/core/data/csv-writer';
import { evaluateSequences } from '../../src/core/eval/sequence/sequence-report';
import { sequenceReportToHtml } from '../../src/core/io/sequence-report-html';
import { judgedKind } from '../../src/core/eval/sequence/judged-columns';
import { cramersV } from '../../src/core/eval/sequence/judged-pairs';
import { cellTableFromCsv } from '../../src/core/sequence/cells-csv';
import type { EntityTable } from '../../src/core/sequence/entity-table';
import { orderAsWrittenShare } from '../../src/core/sequence/read-entities';
import { readLongTable } from '../../src/core/sequence/read-long';
import { simulateCustomers, type SimulatedRows } from '../bench/sequence-sim';

function entities(t: SimulatedRows, subjectColumns?: string[]): EntityTable {
  const read = readLongTable(cellTableFromCsv(writeCsv(t.names, t.rows)), {
    key: 'customer',
    order: 'day',
    subjectColumns,
  });
  if (!read.table) throw new Error(read.problems.map((p) => p.message).join('\n'));
  return read.table;
}

const real = simulateCustomers(150, 1);

describe('sequence quality', () => {
  it('gives a copy of the real entities full marks, no gap, and counts every entity as a copy', () => {
    const t = entities(real);
    const r = evaluateSequences({
      real: t,
      synth: t,
      holdout: entities(simulateCustomers(60, 3)),
      seed: 1,
    });
    expect(r.quality.coherence).toBeCloseTo(1, 10);
    expect(r.quality.intertableAssociationGap).toBeCloseTo(0, 10);
    expect(r.quality.sequenceLength.score).toBe(1);
    expect(r.quality.orderAsWritten).toBe(1);
    expect(r.entity?.exactEntityCopies).toBe(1);
    // train is subsampled to the holdout's 60 entities, so only 60 of the 150 copies find their original
    expect(r.entity?.closerToTrainShare).toBeGreaterThan(0.65);
  });

  it('finds segment and age as the subject columns of the simulator', () => {
    expect(entities(real).subjectColumns).toEqual(['segment', 'age']);
  });

  it('scores events shuffled across entities clearly lower on coherence and the gap', () => {
    const t = entities(real);
    const shuffled: SimulatedRows = {
      names: real.names,
      rows: real.rows.map((row, i) => [
        ...row.slice(0, 3),
        ...(real.rows[(i * 7919) % real.rows.length] as string[]).slice(3),
      ]),
    };
    const s = entities(shuffled, t.subjectColumns);
    const fresh = evaluateSequences({
      real: t,
      synth: entities(simulateCustomers(150, 2), t.subjectColumns),
      skipEntityLevel: true,
    });
    const bad = evaluateSequences({ real: t, synth: s, skipEntityLevel: true });
    expect(fresh.quality.coherence - bad.quality.coherence).toBeGreaterThan(0.1);
    expect(bad.quality.intertableAssociationGap).toBeGreaterThan(0.2);
    expect(fresh.quality.intertableAssociationGap).toBeLessThan(0.1);
  });

  it('sees an entity whose order goes down in the file as not in order', () => {
    const cells = cellTableFromCsv('k,t\na,1\na,3\na,2\nb,1\nb,5\n');
    expect(orderAsWrittenShare(cells, 'k', 't')).toBe(0.5);
  });

  it('infers the judge kinds: few distinct numbers are categories, near-unique text is an id', () => {
    expect(judgedKind(['1', '2', '1', '3'])).toBe('categorical');
    expect(judgedKind(Array.from({ length: 30 }, (_, i) => String(i * 1.5)))).toBe('numerical');
    expect(judgedKind(Array.from({ length: 30 }, (_, i) => `id-${i}`))).toBe('id');
    expect(judgedKind(['2024-01-01', '2024-02-01', null])).toBe('datetime');
  });

  it("computes Cramér's V: 1 for a perfect association, NaN for a single category", () => {
    expect(cramersV(Int32Array.from([0, 0, 1, 1]), Int32Array.from([1, 1, 0, 0]))).toBeCloseTo(1);
    expect(cramersV(Int32Array.from([0, 0, 0]), Int32Array.from([0, 1, 0]))).toBeNaN();
  });

  it('writes a standalone HTML report that reads each figure against its threshold', () => {
    const t = entities(real);
    const shuffled = entities(simulateCustomers(150, 2), t.subjectColumns);
    const html = sequenceReportToHtml(evaluateSequences({ real: t, synth: shuffled, seed: 1 }));
    expect(html).toContain('Coherence of consecutive events');
    expect(html).toContain('≤ 0.10');
    expect(html).toContain('amount × segment');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});
