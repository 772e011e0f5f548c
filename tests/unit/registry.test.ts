/**
 * The registry is the one place that knows the models: each entry's defaults are the model's
 * own (a model built with no settings reports exactly them), its loader gives an implementation
 * of its own kind, it imports no tfjs (the page reads it), and the page's catalog reads it.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import {
  MODEL_KINDS,
  MODEL_REGISTRY,
  isModelKind,
  modelEntry,
} from '../../src/core/models/registry';
import { prepare, type SynthesisConfig } from '../../src/core/pipeline';
import { MODELS, MODEL_ORDER } from '../../src/features/train/model-catalog';
import { saferLearningRate } from '../../src/worker/training-faults';
import { fixtureText } from './fixtures';

const { table } = readCsvText(fixtureText('kinds.csv'));
const schema = inferSchema(table);

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** The full config a model built with no settings holds, as its saved state reports it. */
async function ownDefaults(kind: (typeof MODEL_KINDS)[number]): Promise<unknown> {
  const config: SynthesisConfig = { model: kind, epochs: 1, seed: 1 };
  const impl = await modelEntry(kind).load();
  const model = impl.build({ prepared: prepare(table, schema, config), config });
  try {
    if (kind === 'cart') {
      const anatomy = model.anatomy?.();
      return anatomy?.kind === 'cart' ? anatomy.protections : anatomy;
    }
    if (kind === 'copula') return {};
    const state = (await model.save()) as { config?: unknown; model?: { config: unknown } };
    return state.model?.config ?? state.config;
  } finally {
    model.dispose();
  }
}

describe('the model registry', () => {
  it.each(['ctgan', 'tvae', 'argn'] as const)(
    "%s: the entry's defaults are what the model uses when given no settings",
    async (kind) => {
      expect(await ownDefaults(kind)).toEqual(MODEL_REGISTRY[kind].defaults);
    },
  );

  it('cart: the fitted trees keep the protections the entry states', async () => {
    const d = MODEL_REGISTRY.cart.defaults;
    const { minLeaf, splitEvidence, smoothing, forbidCopies, exactRows, smoothingScale } = d;
    expect(await ownDefaults('cart')).toEqual({
      minLeaf,
      splitEvidence,
      smoothing,
      forbidCopies,
      exactRows,
      smoothingScale,
    });
  });

  it.each(MODEL_KINDS)(
    '%s: its loader gives an implementation that builds its own kind',
    async (kind) => {
      const config: SynthesisConfig = {
        model: kind,
        epochs: 1,
        seed: 2,
        // a model that trains only under differential privacy needs its budget stated
        ...(MODEL_REGISTRY[kind].differentialPrivacy && !MODEL_REGISTRY[kind].privacyOptional
          ? { privacy: { epsilon: 50, delta: 1e-3 } }
          : {}),
      };
      const impl = await modelEntry(kind).load();
      const model = impl.build({ prepared: prepare(table, schema, config), config });
      expect(model.kind).toBe(kind);
      expect(model.training === null).toBe(!MODEL_REGISTRY[kind].trainsInEpochs);
      model.dispose();
    },
  );

  it("names an unknown model in the user's words", () => {
    expect(isModelKind('gpt')).toBe(false);
    expect(() => modelEntry('gpt' as never)).toThrow('This app has no model called "gpt".');
  });

  it('imports no tfjs, so the page can read it', () => {
    const src = fileURLToPath(new URL('../../src/core/models/registry.ts', import.meta.url));
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      // static value imports only: `import type` is erased, `import()` is the lazy loader
      for (const m of text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+['"]([^'"]+)['"]/gm)) {
        const spec = m[1] as string;
        if (spec.startsWith('@tensorflow')) offenders.push(`${file} -> ${spec}`);
        if (spec.startsWith('.')) visit(resolve(dirname(file), `${spec}.ts`));
      }
    };
    visit(src);
    expect(offenders).toEqual([]);
    expect(seen.size).toBeGreaterThan(5);
  });

  it('is what the page shows: titles, presets, savability and the picker order', () => {
    // models whose settings are on the command line only stay out of the picker
    expect(MODEL_ORDER).toEqual(MODEL_KINDS.filter((k) => !MODEL_REGISTRY[k].commandLineOnly));
    // a model under differential privacy is in the picker once its entry plans its budget
    expect(MODEL_ORDER).toContain('mst');
    expect(MODEL_REGISTRY.mst.planBudget).toBeDefined();
    for (const kind of MODEL_KINDS) {
      const entry = MODEL_REGISTRY[kind];
      expect(MODELS[kind].title).toBe(entry.title);
      expect(MODELS[kind].quick).toBe(entry.presets.quick);
      expect(MODELS[kind].savable).toBe(entry.unsavable === null);
      expect(MODELS[kind].losses.map((l) => l.key)).toEqual(entry.losses.map((l) => l.key));
    }
  });

  it("fault recovery reads each model's learning rate from its entry", () => {
    for (const kind of MODEL_KINDS) {
      const control = MODEL_REGISTRY[kind].learningRate;
      if (!control) continue;
      const config = control.set({ model: kind, epochs: 1, seed: 0 }, 0.05);
      expect(control.get(config)).toBe(0.05);
      // a tenth of the rate that diverged, never above the default, as a power of ten
      const ceiling = Math.min(control.fallback, 0.005);
      expect(saferLearningRate(config)).toBe(Number(`1e${Math.floor(Math.log10(ceiling) + 1e-9)}`));
    }
  });
});
