import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cellDate } from '../../src/core/sequence/cells';
import { cellTableFromCsv } from '../../src/core/sequence/cells-csv';
import type { EntityTable, SequenceRead } from '../../src/core/sequence/entity-table';
import { eventsPerEntity, summarizeLengths } from '../../src/core/sequence/lengths';
import { proposeKeys } from '../../src/core/sequence/propose';
import { readLinkedTables } from '../../src/core/sequence/read-linked';
import { readLongTable } from '../../src/core/sequence/read-long';
import { toEventRows, toLongRows, toSubjectRows } from '../../src/core/sequence/write-entities';

const fixture = (name: string) =>
  cellTableFromCsv(
    readFileSync(fileURLToPath(new URL(`../fixtures/sequence/${name}`, import.meta.url)), 'utf8'),
  );

function ok(read: SequenceRead): EntityTable {
  if (!read.table) throw new Error(read.problems.map((p) => p.message).join('\n'));
  return read.table;
}

function eventsOfKey(t: EntityTable, key: string, column: string): (string | null)[] {
  const e = t.keys.indexOf(key);
  const j = t.eventColumns.indexOf(column);
  return (t.events[j] ?? []).slice(t.eventStart[e], t.eventStart[e + 1]);
}

describe('one long table', () => {
  it('finds the columns constant within every entity as subject columns', () => {
    const t = ok(
      readLongTable(fixture('visits-long.csv'), { key: 'patient', order: 'visit_date' }),
    );
    expect(t.subjectColumns).toEqual(['sex']);
    expect(t.eventColumns).toEqual(['visit_date', 'lab', 'ward']);
    expect(t.keys).toEqual(['p1', 'p2', 'p3']);
    expect(t.subjects[0]).toEqual(['F', 'M', 'F']);
    expect(t.orderKind).toBe('datetime');
  });

  it('orders each entity by the order column, not by file position', () => {
    const t = ok(
      readLongTable(fixture('visits-long.csv'), { key: 'patient', order: 'visit_date' }),
    );
    expect(eventsOfKey(t, 'p2', 'visit_date')).toEqual(['2024-01-04', '2024-01-05']);
    expect(eventsOfKey(t, 'p2', 'lab')).toEqual(['6.8', '7.0']);
  });

  it('lets the user override the subject columns', () => {
    const t = ok(
      readLongTable(fixture('visits-long.csv'), {
        key: 'patient',
        subjectColumns: ['sex', 'ward'],
      }),
    );
    expect(t.subjectColumns).toEqual(['sex', 'ward']);
    expect(t.eventColumns).toEqual(['visit_date', 'lab']);
    const varies = readLongTable(fixture('visits-long.csv'), {
      key: 'patient',
      subjectColumns: ['sex', 'ward'],
    }).problems.find((p) => p.code === 'subject-varies');
    expect(varies?.count).toBe(2);
    expect(varies?.message).toContain('"ward"');
  });

  it('names a missing key column and lists the columns there are', () => {
    const read = readLongTable(fixture('visits-long.csv'), { key: 'patient_id' });
    expect(read.table).toBeNull();
    expect(read.problems[0]?.message).toContain('no column "patient_id"');
    expect(read.problems[0]?.message).toContain('patient, sex, visit_date, lab, ward');
  });

  it('stops on unparseable order values and rows without a key, and says how many', () => {
    const read = readLongTable(fixture('visits-bad-order.csv'), {
      key: 'patient',
      order: 'visit_date',
    });
    expect(read.table).toBeNull();
    const bad = read.problems.find((p) => p.code === 'order-unparseable');
    expect(bad?.count).toBe(1);
    expect(bad?.examples).toEqual(['soon']);
    expect(bad?.blocking).toBe(true);
    expect(read.problems.find((p) => p.code === 'missing-key')?.count).toBe(1);
    expect(read.problems.find((p) => p.code === 'order-missing')?.count).toBe(1);
  });

  it('keeps every event once the user chooses: bad order values last, keyless rows set aside', () => {
    const read = readLongTable(fixture('visits-bad-order.csv'), {
      key: 'patient',
      order: 'visit_date',
      unparseableOrderAsMissing: true,
      dropMissingKeys: true,
    });
    const t = ok(read);
    expect(eventsOfKey(t, 'p1', 'lab')).toEqual(['5.1', '5.4', '5.9']);
    expect(t.eventStart[t.keys.length]).toBe(4);
    expect(read.problems.find((p) => p.code === 'missing-key')?.message).toContain('set aside');
  });

  it('reports entities longer than the training cap and how they are handled', () => {
    const read = readLongTable(fixture('visits-long.csv'), { key: 'patient', trainingCap: 3 });
    const long = read.problems.find((p) => p.code === 'long-entities');
    expect(long?.count).toBe(1);
    expect(long?.message).toContain('the longest 4 events');
    expect(long?.message).toContain('every event is kept');
    expect(read.table?.eventStart[3]).toBe(9);
  });
});

describe('two linked tables', () => {
  it('stops on events whose key has no subject, with their count and keys', () => {
    const read = readLinkedTables(fixture('visits-subjects.csv'), fixture('visits-events.csv'), {
      key: 'patient',
      order: 'visit_date',
    });
    expect(read.table).toBeNull();
    const orphans = read.problems.find((p) => p.code === 'orphan-events');
    expect(orphans?.count).toBe(2);
    expect(orphans?.examples).toEqual(['p9']);
    expect(orphans?.message).toContain('2 events refer to a key with no subject');
  });

  it('drops orphan events only when asked, and keeps subjects with no events', () => {
    const read = readLinkedTables(fixture('visits-subjects.csv'), fixture('visits-events.csv'), {
      key: 'patient',
      order: 'visit_date',
      dropOrphans: true,
    });
    const t = ok(read);
    expect(t.keys).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(Array.from(eventsPerEntity(t))).toEqual([2, 1, 2, 0]);
    expect(t.subjectColumns).toEqual(['sex', 'age']);
    expect(read.problems.find((p) => p.code === 'subject-without-events')?.count).toBe(1);
  });

  it('stops on repeated subject keys unless the first row is to be kept', () => {
    const events = fixture('visits-events.csv');
    const read = readLinkedTables(fixture('visits-subjects-dup.csv'), events, {
      key: 'patient',
      dropOrphans: true,
    });
    expect(read.table).toBeNull();
    expect(read.problems.find((p) => p.code === 'duplicate-subjects')?.examples).toEqual(['p1']);
    const kept = ok(
      readLinkedTables(fixture('visits-subjects-dup.csv'), events, {
        key: 'patient',
        dropOrphans: true,
        keepFirstDuplicate: true,
      }),
    );
    expect(kept.subjects[1]).toEqual(['34', '51']);
  });
});

describe('proposals, lengths and writing back', () => {
  it('proposes the entity key and order column of ChickWeight-like data', () => {
    const rows = ['weight,Time,Chick,Diet'];
    for (let c = 1; c <= 6; c += 1)
      for (let t = 0; t <= 10; t += 2)
        rows.push(`${40 + c * t + (t % 3)},${t},${c},${1 + (c % 2)}`);
    const [best] = proposeKeys(cellTableFromCsv(rows.join('\n')));
    expect(best?.key).toBe('Chick');
    expect(best?.order).toBe('Time');
    expect(best?.subjectColumns).toEqual(['Diet']);
  });

  it('summarises events per entity as a histogram that counts every entity', () => {
    const s = summarizeLengths(Int32Array.from([1, 2, 2, 3, 9]), 4);
    expect(s.mean).toBeCloseTo(3.4);
    expect(s.median).toBe(2);
    expect(s.histogram.reduce((n, b) => n + b.entities, 0)).toBe(5);
    expect(s.histogram[0]).toEqual({ from: 1, to: 3, entities: 4 });
  });

  it('writes a long table back with the input header and every event', () => {
    const input = fixture('visits-long.csv');
    const t = ok(readLongTable(input, { key: 'patient', order: 'visit_date' }));
    const out = toLongRows(t, input.names);
    expect(out.names).toEqual(input.names);
    expect(out.rows).toHaveLength(9);
    expect(out.rows[3]).toEqual(['p2', 'M', '2024-01-04', '6.8', 'B']);
  });

  it('writes linked tables whose event keys all name a subject', () => {
    const t = ok(
      readLinkedTables(fixture('visits-subjects.csv'), fixture('visits-events.csv'), {
        key: 'patient',
        dropOrphans: true,
      }),
    );
    const subjects = new Set(toSubjectRows(t).rows.map((r) => r[0]));
    const events = toEventRows(t);
    expect(events.rows).toHaveLength(5);
    expect(events.rows.every((r) => subjects.has(r[0]))).toBe(true);
  });

  it('reads ISO and slashed dates as UTC milliseconds', () => {
    expect(cellDate('2024-01-03')).toBe(Date.UTC(2024, 0, 3));
    expect(cellDate('2024-01-03T10:00:00+02:00')).toBe(Date.UTC(2024, 0, 3, 8));
    expect(cellDate('12/31/2024')).toBe(Date.UTC(2024, 11, 31));
    expect(cellDate('2024-02-30')).toBeNaN();
  });
});
