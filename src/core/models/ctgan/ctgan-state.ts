/**
 * A trained CTGAN as plain JSON: the config, the generator's weights and what sampling needs
 * besides (the level counts for conditional generation, the batch-norm running statistics).
 * Never the critic, the optimiser state or any training row.
 */
import * as tf from '@tensorflow/tfjs';
import type { ConditionalSampler, LevelCounts } from '../../data/conditional-sampler';
import type { Layout } from '../../data/spans';
import type { GeneratorParams } from './ctgan-nets';
import { createBatchNorm, denseFromValues, type DenseParams } from '../common/dense';
import type { ModelState, SavedTensor } from '../common/neural';

export interface RestoredCtgan {
  config: Record<string, unknown>;
  levelCounts: LevelCounts;
  runningStats: { runningMean: number[]; runningVar: number[] }[];
  weights: Map<string, SavedTensor>;
}

const blockName = (i: number) => `generator.block${i}`;

async function saved(name: string, v: tf.Variable): Promise<SavedTensor> {
  return { name, shape: [...v.shape], values: Array.from(await v.data()) };
}

async function savedDense(name: string, p: DenseParams): Promise<SavedTensor[]> {
  return [await saved(`${name}.weight`, p.w), await saved(`${name}.bias`, p.b)];
}

/** The model file for a trained (or restored) generator. */
export async function writeCtganState(
  config: object,
  generator: GeneratorParams,
  sampler: ConditionalSampler,
): Promise<ModelState> {
  const weights: SavedTensor[] = [];
  const runningStats: RestoredCtgan['runningStats'] = [];
  for (const [i, block] of generator.blocks.entries()) {
    weights.push(...(await savedDense(blockName(i), block.dense)));
    weights.push(await saved(`${blockName(i)}.bn.weight`, block.bn.gamma));
    weights.push(await saved(`${blockName(i)}.bn.bias`, block.bn.beta));
    runningStats.push({
      runningMean: Array.from(await block.bn.runningMean.data()),
      runningVar: Array.from(await block.bn.runningVar.data()),
    });
  }
  weights.push(...(await savedDense('generator.out', generator.out)));
  return {
    kind: 'ctgan',
    config: JSON.parse(JSON.stringify(config)) as Record<string, unknown>,
    extras: {
      dataDim: sampler.layout.dataDim,
      condDim: sampler.layout.condDim,
      levelCounts: sampler.counts.map((c) => [...c]),
      runningStats,
    },
    weights,
  };
}

function isNumberArray(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((v) => typeof v === 'number');
}

/** Checks a saved state against the layout it is restored with. */
export function readCtganState(state: ModelState, layout: Layout): RestoredCtgan {
  if (state.kind !== 'ctgan') throw new Error(`this is a ${state.kind} model, not CTGAN`);
  const { dataDim, condDim, levelCounts, runningStats } = state.extras;
  if (dataDim !== layout.dataDim || condDim !== layout.condDim) {
    throw new Error('the saved CTGAN was trained on a different encoding of the table');
  }
  if (!Array.isArray(levelCounts) || !levelCounts.every(isNumberArray)) {
    throw new Error('the saved CTGAN has no level counts');
  }
  const stats = Array.isArray(runningStats) ? runningStats : [];
  const validStats = stats.every(
    (s: unknown) =>
      typeof s === 'object' &&
      s !== null &&
      isNumberArray((s as Record<string, unknown>).runningMean) &&
      isNumberArray((s as Record<string, unknown>).runningVar),
  );
  if (!validStats) throw new Error('the saved CTGAN has broken batch-norm statistics');
  return {
    config: state.config,
    levelCounts: levelCounts as number[][],
    runningStats: stats as RestoredCtgan['runningStats'],
    weights: new Map(state.weights.map((w) => [w.name, w])),
  };
}

function weight(r: RestoredCtgan, name: string, shape: number[]): number[] {
  const w = r.weights.get(name);
  if (
    !w ||
    w.shape.join('x') !== shape.join('x') ||
    w.values.length !== shape.reduce((a, b) => a * b, 1)
  ) {
    throw new Error(`the saved CTGAN lacks ${name} of shape [${shape.join(', ')}]`);
  }
  return w.values;
}

function denseFromState(
  r: RestoredCtgan,
  name: string,
  fanIn: number,
  fanOut: number,
): DenseParams {
  const w = weight(r, `${name}.weight`, [fanIn, fanOut]);
  return denseFromValues(fanIn, fanOut, w, weight(r, `${name}.bias`, [fanOut]));
}

/** Rebuilds the generator (`inDim` = embedding + condDim) from a restored state. */
export function generatorFromState(
  r: RestoredCtgan,
  inDim: number,
  dims: readonly number[],
  dataDim: number,
): GeneratorParams {
  if (r.runningStats.length !== dims.length) {
    throw new Error('the saved CTGAN does not match its generator widths');
  }
  let width = inDim;
  const blocks = dims.map((d, i) => {
    const stats = r.runningStats[i] as RestoredCtgan['runningStats'][number];
    const bn = createBatchNorm(d, {
      gamma: weight(r, `${blockName(i)}.bn.weight`, [d]),
      beta: weight(r, `${blockName(i)}.bn.bias`, [d]),
      runningMean: stats.runningMean,
      runningVar: stats.runningVar,
    });
    const block = { dense: denseFromState(r, blockName(i), width, d), bn };
    width += d;
    return block;
  });
  return { blocks, out: denseFromState(r, 'generator.out', width, dataDim) };
}
