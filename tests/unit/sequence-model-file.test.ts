/**
 * Sequence models through their registry: the sequential ARGN saved to a model file and loaded
 * back writes the same entities for the same seed, with new keys; the file holds no real key;
 * the trees say why they cannot be saved; a table model file is refused in the user's words.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../src/cli/node-backend';
import { parseSequenceModel, serializeSequenceModel } from '../../src/core/io/sequence-model-file';
import {
  SEQUENCE_MODEL_KINDS,
  SEQUENCE_MODEL_REGISTRY,
  sequenceModelEntry,
} from '../../src/core/models/sequence-registry';
import { Rng } from '../../src/core/rng';
import { newKeysFromMemory, rememberKeys } from '../../src/core/sequence/key-hash';
import { splitEntities } from '../../src/core/sequence/split-entities';
import { customers } from './sequence-fixtures';

beforeAll(async () => {
  await startNodeBackend('wasm');
});

describe('sequence model files', () => {
  it('lists both sequence models, each with when to use it', () => {
    expect(SEQUENCE_MODEL_KINDS).toEqual(['seq-trees', 'seq-argn']);
    for (const k of SEQUENCE_MODEL_KINDS)
      expect(SEQUENCE_MODEL_REGISTRY[k].whenToUse.length).toBeGreaterThan(40);
  });

  it('seq-argn: saved and loaded, it writes the same entities for the same seed', async () => {
    const table = customers(40, 3);
    const impl = await sequenceModelEntry('seq-argn').load();
    const losses: number[] = [];
    const fitted = await impl.fit(table, {
      epochs: 3,
      rng: new Rng(1),
      onEpoch: (e) => losses.push(e.loss),
    });
    expect(losses).toHaveLength(3);
    const text = serializeSequenceModel('seq-argn', await fitted.save());
    for (const k of table.keys) expect(text).not.toContain(`"${k}"`);
    const file = parseSequenceModel(text);
    const loaded = impl.restore(file.state);
    const a = await fitted.sample(12, new Rng(5));
    const before = tf.memory().numTensors;
    const b = await loaded.sample(12, new Rng(5));
    expect(tf.memory().numTensors).toBe(before);
    expect(b.events).toEqual(a.events);
    expect(b.subjects).toEqual(a.subjects);
    const real = new Set(table.keys);
    expect(b.keys.filter((k) => real.has(k))).toEqual([]);
    expect(new Set(b.keys).size).toBe(12);
    fitted.dispose();
    loaded.dispose();
  });

  it('seq-trees: fits, samples, and refuses to be saved with the reason', async () => {
    const impl = await sequenceModelEntry('seq-trees').load();
    const fitted = await impl.fit(customers(30, 2), { epochs: null, rng: new Rng(1) });
    expect((await fitted.sample(5, new Rng(2))).keys).toHaveLength(5);
    await expect(fitted.save()).rejects.toThrow(/cannot be saved|put your data/);
  });

  it('refuses a table model file and a file that is not JSON', () => {
    expect(() => parseSequenceModel('{"format":"facsimile-model","version":2}')).toThrow(
      /one table/,
    );
    expect(() => parseSequenceModel('nope')).toThrow(/not valid JSON/);
  });

  it('new keys from fingerprints never repeat a real text key', () => {
    const real = ['S-000001', 'S-000003', 'a'];
    const keys = newKeysFromMemory(rememberKeys(real), 5);
    expect(keys.filter((k) => real.includes(k))).toEqual([]);
    expect(newKeysFromMemory(rememberKeys(['7', '12']), 2)).toEqual(['13', '14']);
  });

  it('splits by entity, never by event', () => {
    const t = customers(20, 4);
    const { train, holdout } = splitEntities(t, 0.3, new Rng(9));
    expect(holdout?.keys).toHaveLength(6);
    expect(train.keys.length + (holdout?.keys.length ?? 0)).toBe(20);
    const held = holdout?.eventStart[6] ?? NaN;
    expect((train.eventStart[train.keys.length] ?? NaN) + held).toBe(t.eventStart[20]);
  });
});
