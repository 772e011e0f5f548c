import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../src/cli/node-backend';
import {
  createSeqArgnModel,
  disposeSeqArgnModel,
  trainSeqArgn,
  type SeqArgnModel,
} from '../../src/core/models/seq-argn/seq-argn';
import { sampleSeqArgn } from '../../src/core/models/seq-argn/seq-argn-sample';
import {
  traceSeqArgnEntity,
  writeSeqArgnEntity,
} from '../../src/core/models/seq-argn/seq-argn-trace';
import { fitSeqTrees, sampleSeqTrees } from '../../src/core/models/seq-trees/seq-trees';
import { traceSeqTreesEntity } from '../../src/core/models/seq-trees/seq-trees-trace';
import { Rng } from '../../src/core/rng';
import { cellNumber } from '../../src/core/sequence/cells';
import type { EntityTable } from '../../src/core/sequence/entity-table';
import { customers } from './sequence-fixtures';

beforeAll(async () => {
  await startNodeBackend('wasm');
});

/** Entity 0 of a table as subject cells and event rows. */
function firstEntity(t: EntityTable) {
  const to = t.eventStart[1] as number;
  return {
    subject: t.subjects.map((c) => c[0] ?? null),
    events: Array.from({ length: to }, (_, i) => t.events.map((c) => c[i] ?? null)),
  };
}

describe('writing one entity with the sequential ARGN, step by step', () => {
  const real = customers(120, 5);
  let model: SeqArgnModel;
  beforeAll(async () => {
    model = createSeqArgnModel(real, { epochs: 1, minSteps: 0 }, new Rng(1));
    await trainSeqArgn(model, 6, new Rng(2));
  }, 120_000);
  afterAll(() => disposeSeqArgnModel(model));

  it('writes the entity the sample path writes for the same seed', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const trace = await traceSeqArgnEntity(model, seed);
      const sampled = firstEntity(await sampleSeqArgn(model, 1, new Rng(seed)));
      expect(trace.subject).toEqual(sampled.subject);
      expect(trace.events.map((e) => e.cells)).toEqual(sampled.events);
    }
  }, 60_000);

  it('gives every decision a probability and ends where the end decision says', async () => {
    const trace = await traceSeqArgnEntity(model, 11);
    expect(trace.subjectChoices.map((c) => c.column)).toEqual(real.subjectColumns);
    const n = trace.events.length;
    expect(n).toBeGreaterThan(0);
    trace.events.forEach((e, t) => {
      expect(e.index).toBe(t);
      expect(e.end.probability).toBeGreaterThanOrEqual(0);
      expect(e.end.probability).toBeLessThanOrEqual(1);
      expect(e.end.ended).toBe(t === n - 1 && !trace.reachedCap);
      // the order column comes first: a first value, then gaps
      expect(e.choices[0]?.column).toBe('day');
      expect(e.choices[0]?.orderPart).toBe(t === 0 ? 'first value' : 'gap');
      for (const c of e.choices) {
        const shares = c.top.map((o) => o.probability);
        expect(shares).toEqual([...shares].sort((a, b) => b - a));
        expect(c.drawn.probability).toBeGreaterThan(0);
        expect(shares.reduce((s, p) => s + p, 0)).toBeLessThanOrEqual(1 + 1e-6);
      }
      if (t > 0) {
        expect(e.choices[0]?.top.every((o) => o.label.startsWith('gap of'))).toBe(true);
        const day = trace.eventColumns.indexOf('day');
        expect(cellNumber(e.cells[day] ?? null)).toBeGreaterThanOrEqual(
          cellNumber(trace.events[t - 1]?.cells[day] ?? null),
        );
      }
    });
  });

  it('frees its tensors, also when the caller stops early', async () => {
    await traceSeqArgnEntity(model, 3);
    const before = tf.memory().numTensors;
    await traceSeqArgnEntity(model, 4);
    expect(tf.memory().numTensors).toBe(before);
    const steps = writeSeqArgnEntity(model, new Rng(7));
    await steps.next();
    await steps.next();
    await steps.return(undefined);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('writing one entity with the sequential trees, step by step', () => {
  const real = customers(150, 6);
  const model = fitSeqTrees(real, {}, new Rng(1));

  it('writes the entity the sample path writes for the same seed', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const trace = traceSeqTreesEntity(model, seed);
      const sampled = firstEntity(sampleSeqTrees(model, 1, new Rng(seed)));
      expect(trace.subject).toEqual(sampled.subject);
      expect(trace.events.map((e) => e.cells)).toEqual(sampled.events);
    }
  });

  it('reports leaf shares, the end probability and order gaps', () => {
    const trace = traceSeqTreesEntity(model, 21);
    expect(trace.subjectChoices.map((c) => c.column)).toEqual(real.subjectColumns);
    const n = trace.events.length;
    trace.events.forEach((e, t) => {
      expect(e.end.ended).toBe(t === n - 1 && !trace.reachedCap);
      // a leaf that ends here holds last events; one that goes on holds others
      if (e.end.ended) expect(e.end.probability).toBeGreaterThan(0);
      else expect(e.end.probability).toBeLessThan(1);
      expect(e.choices[0]?.orderPart).toBe(t === 0 ? 'first value' : 'gap');
      for (const c of e.choices) {
        expect(c.drawn.probability).toBeGreaterThan(0);
        expect(c.top.reduce((s, o) => s + o.probability, 0)).toBeLessThanOrEqual(1 + 1e-9);
      }
    });
  });
});
