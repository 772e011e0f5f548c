import { describe, expect, it } from 'vitest';
import {
  describeRun,
  isRunRecord,
  packCheckpoint,
  resumable,
  RunStore,
  storageProblem,
  type KeyValue,
  type RunRecord,
  type RunStart,
} from '../../src/worker/run-store';
import type { Checkpoint } from '../../src/core/train/checkpoint';
import { interruptedText, resumedText, savedLabel } from '../../src/features/resume/resume-text';
import type { InterruptedRun } from '../../src/worker/protocol';

/** A key-value store in memory that records every write, and can be told to refuse them. */
class MemoryKeyValue implements KeyValue {
  readonly data = new Map<string, unknown>();
  readonly writes: string[] = [];
  refuse: Error | null = null;
  /** Resolves each write only when released, to see what queues up behind a slow disk. */
  gate: Promise<void> | null = null;

  async get(key: string): Promise<unknown> {
    return this.data.get(key);
  }
  async set(key: string, value: unknown): Promise<void> {
    if (this.gate) await this.gate;
    if (this.refuse) throw this.refuse;
    this.writes.push(`set ${key}`);
    // IndexedDB stores a structured clone: later changes to the value must not reach it
    this.data.set(key, structuredClone(value));
  }
  async del(key: string): Promise<void> {
    if (this.refuse) throw this.refuse;
    this.writes.push(`del ${key}`);
    this.data.delete(key);
  }
}

const start = (): RunStart => ({
  source: { kind: 'file', name: 'penguins.csv', file: new Blob(['a,b\n1,2\n']) },
  missingTokens: ['', 'NA'],
  overrides: { b: { kind: 'categorical' } },
  config: { model: 'ctgan', epochs: 300, seed: 3 },
  holdoutShare: 0.2,
  backends: ['wasm', 'cpu'],
});

const checkpoint = (epoch: number, epochs = 300): Checkpoint => ({
  epoch,
  epochs,
  state: {
    kind: 'ctgan',
    config: {},
    extras: {},
    weights: [{ name: 'w', shape: [2], values: [epoch, 1] }],
  },
  savedAt: `2026-11-24T14:0${epoch % 10}:00.000Z`,
});

function newStore(kv: KeyValue | null = new MemoryKeyValue()) {
  const warnings: string[] = [];
  return { store: new RunStore(kv, (m) => warnings.push(m)), warnings };
}

describe('run store', () => {
  it('keeps a started run with its latest checkpoint, ready to resume', async () => {
    const kv = new MemoryKeyValue();
    const { store } = newStore(kv);
    store.begin(start());
    store.save(checkpoint(1));
    store.save(checkpoint(2));
    const read = await store.read();
    expect(read?.checkpoint.epoch).toBe(2);
    expect(read?.record.config).toEqual({ model: 'ctgan', epochs: 300, seed: 3 });
    expect(read?.record.source.kind).toBe('file');
    expect(read?.record.overrides).toEqual({ b: { kind: 'categorical' } });
    expect(read && describeRun(read.record, read.checkpoint)).toMatchObject({
      name: 'penguins.csv',
      model: 'ctgan',
      epoch: 2,
      epochs: 300,
      config: { model: 'ctgan', epochs: 300, seed: 3 },
      holdoutShare: 0.2,
      missingTokens: ['', 'NA'],
    });
    // the compute order goes back to the train panel with the run
    expect(read && describeRun(read.record, read.checkpoint).backends).toEqual(['wasm', 'cpu']);
  });

  it('holds one run at most: a new run replaces the record and drops the old checkpoint', async () => {
    const kv = new MemoryKeyValue();
    const { store } = newStore(kv);
    store.begin(start());
    store.save(checkpoint(7));
    await store.settled();
    store.begin({ ...start(), config: { model: 'ctgan', epochs: 50, seed: 1 } });
    // the new run has no checkpoint yet: nothing to resume
    expect(await store.read()).toBeNull();
    store.save(checkpoint(1, 50));
    expect((await store.read())?.record.config.epochs).toBe(50);
    expect([...kv.data.keys()].sort()).toEqual(['checkpoint', 'record']);
  });

  it('writes checkpoints in order and skips one a newer checkpoint overtook', async () => {
    const kv = new MemoryKeyValue();
    const { store } = newStore(kv);
    let release = () => {};
    kv.gate = new Promise((r) => (release = r));
    store.begin(start());
    store.save(checkpoint(1));
    // the record's write is now held by a slow disk; checkpoints pile up behind it
    await new Promise((r) => setTimeout(r, 0));
    expect(kv.writes).toEqual(['del checkpoint']);
    store.save(checkpoint(2)); // replaces the waiting one
    store.save(checkpoint(3));
    kv.gate = null;
    release();
    await store.settled();
    expect(kv.writes).toEqual(['del checkpoint', 'set record', 'set checkpoint']);
    expect((await store.read())?.checkpoint.epoch).toBe(3);
  });

  it('clears the run when it ends, and ignores checkpoints that arrive after', async () => {
    const kv = new MemoryKeyValue();
    const { store } = newStore(kv);
    store.begin(start());
    store.save(checkpoint(4));
    await store.clear();
    store.save(checkpoint(5));
    await store.settled();
    expect(kv.data.size).toBe(0);
    expect(await store.read()).toBeNull();
    expect(await store.holdsRecord()).toBe(false);
  });

  it('reports a refused write once and stops writing, without throwing', async () => {
    const kv = new MemoryKeyValue();
    const { store, warnings } = newStore(kv);
    kv.refuse = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    store.begin(start());
    store.save(checkpoint(1));
    store.save(checkpoint(2));
    await store.settled();
    store.save(checkpoint(3));
    await store.settled();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('storage for the page is full');
    expect(warnings[0]).toContain('Training goes on');
    kv.refuse = null;
    expect(kv.writes).toEqual([]);
  });

  it('goes on with a resumed run: its checkpoints overwrite the stored one', async () => {
    const kv = new MemoryKeyValue();
    const first = newStore(kv).store;
    first.begin(start());
    first.save(checkpoint(6));
    const stored = await first.read();
    expect(stored).not.toBeNull();
    // a new page: a new store over the same database
    const { store } = newStore(kv);
    store.adopt((stored as { record: RunRecord }).record);
    store.save(checkpoint(9));
    expect((await store.read())?.checkpoint.epoch).toBe(9);
  });

  it('does nothing, and offers nothing, where the browser has no storage', async () => {
    const { store, warnings } = newStore(null);
    store.begin(start());
    store.save(checkpoint(2));
    expect(await store.read()).toBeNull();
    expect(warnings).toEqual([]);
  });
});

describe('what can be resumed', () => {
  const record: RunRecord = {
    version: 1,
    id: 'run-a',
    ...start(),
    startedAt: '2026-11-24T14:00:00.000Z',
  };

  it('a record and a checkpoint of the same run with epochs left', () => {
    expect(resumable(record, packCheckpoint('run-a', checkpoint(12)))).not.toBeNull();
  });

  it('not a checkpoint of another run', () => {
    expect(resumable(record, packCheckpoint('run-b', checkpoint(12)))).toBeNull();
  });

  it('not a finished run, nor one of another model', () => {
    expect(resumable(record, packCheckpoint('run-a', checkpoint(300)))).toBeNull();
    const tvae = { ...checkpoint(3), state: { ...checkpoint(3).state, kind: 'tvae' as const } };
    expect(resumable(record, packCheckpoint('run-a', tvae))).toBeNull();
  });

  it('not a damaged or foreign record', () => {
    expect(isRunRecord(record)).toBe(true);
    expect(isRunRecord({ ...record, version: 2 })).toBe(false);
    expect(isRunRecord({ ...record, source: { kind: 'file', name: 'x.csv' } })).toBe(false);
    expect(isRunRecord({ ...record, backends: ['metal'] })).toBe(false);
    expect(isRunRecord({ ...record, holdoutShare: 1 })).toBe(false);
    expect(isRunRecord({ ...record, config: { model: 'ctgan' } })).toBe(false);
    expect(isRunRecord('record')).toBe(false);
    expect(resumable(undefined, undefined)).toBeNull();
    // a checkpoint stored with plain arrays (not packed) is not one of ours
    expect(resumable(record, { run: 'run-a', checkpoint: checkpoint(12) })).toBeNull();
  });

  it('packs tensors into typed arrays and reads every value back unchanged', () => {
    const cp = checkpoint(5);
    cp.state.weights = [
      { name: 'float32', shape: [3], values: [0.5, -2, Math.fround(0.1)] },
      { name: 'not-float32', shape: [2], values: [0.1, 123456789.123] },
    ];
    const packed = packCheckpoint('run-a', cp);
    const [a, b] = packed.checkpoint.state.weights;
    expect(a?.packed).toBeInstanceOf(Float32Array);
    expect(b?.packed).toBeInstanceOf(Float64Array);
    const back = resumable(record, structuredClone(packed));
    expect(back?.checkpoint).toEqual(cp);
  });

  it('a demo run keeps the demo address, not its rows', () => {
    const demo = {
      ...record,
      source: { kind: 'demo', name: 'penguins.csv', url: '/demo/penguins.csv' },
    };
    expect(isRunRecord(demo)).toBe(true);
  });

  it("says why storing failed in the user's words", () => {
    expect(storageProblem(new DOMException('x', 'QuotaExceededError'))).toContain('is full');
    expect(storageProblem(new DOMException('x', 'InvalidStateError'))).toContain('private window');
    expect(storageProblem(new Error('disk on fire'))).toContain('disk on fire');
  });
});

describe('the banner text', () => {
  const run: InterruptedRun = {
    name: 'penguins.csv',
    model: 'ctgan',
    epoch: 12,
    epochs: 300,
    savedAt: new Date(2026, 10, 24, 14, 3).toISOString(),
    config: { model: 'ctgan', epochs: 300, seed: 0 },
    holdoutShare: 0.2,
    backends: ['webgl', 'wasm', 'cpu'],
    missingTokens: [],
    overrides: {},
  };

  it('names the epoch, the model, the table and the time it was saved', () => {
    expect(interruptedText(run, new Date(2026, 10, 24, 16, 0))).toBe(
      'A training run was interrupted at epoch 12 of 300 (CTGAN on penguins.csv, saved 14:03).',
    );
  });

  it('gives the day when the run was saved on another day', () => {
    expect(savedLabel(run.savedAt, new Date(2026, 10, 25, 9, 0))).toBe('24 Nov 14:03');
    expect(savedLabel(run.savedAt, new Date(2027, 0, 2, 9, 0))).toBe('24 Nov 2026 14:03');
  });

  it('says the resumed run goes on at the next epoch', () => {
    expect(resumedText({ ...run, model: 'tvae' })).toBe(
      'Resumed: TVAE on penguins.csv goes on from epoch 13 of 300.',
    );
  });
});
