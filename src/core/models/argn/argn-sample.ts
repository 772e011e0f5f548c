/**
 * Sampling from a trained ARGN: column by column in a chosen order, each token drawn with the
 * seeded {@link Rng} from softmax(logits / temperature). Conditioned columns come first and keep
 * their token, which the any-order training makes exact rather than approximate.
 */
import * as tf from '@tensorflow/tfjs';
import {
  positionToken,
  tableColumnOf,
  tokenColumnsOf,
  tokenOf,
  undiscretize,
  type ColumnTokens,
  type DiscretizerState,
} from '../../data/discretizer';
import type { ModelTable } from '../../data/model-table';
import { Rng } from '../../rng';
import { oneHotAny } from '../common/span-activation';
import type { ArgnConstants, ArgnParams, ArgnShape } from './argn-net';
import { blockWeight, type PredictorBlock } from './argn-predictor';

export interface ArgnSampleOptions {
  /** Softmax temperature; 1 samples the learned distribution. */
  temperature?: number;
  /** Column names in the order to draw them (default: file order). */
  order?: string[];
  /** Fixed cells: column name -> level string (categorical) or number (numeric; NaN missing). */
  conditions?: Record<string, string | number | null>;
}

/** What sampling reads from a network. */
export interface ArgnNet {
  params: ArgnParams;
  constants: ArgnConstants;
  shape: ArgnShape;
  discretizer: DiscretizerState;
  vocabulary: number;
}

const SAMPLE_CHUNK = 4096;

/**
 * Token column order for sampling: conditioned columns first, then `order` (or file order),
 * a binned column's position always right after its bin. Returns token column indices and
 * the tokens fixed by the conditions.
 */
function plan(
  net: ArgnNet,
  options: ArgnSampleOptions,
): { order: number[]; fixed: Map<number, number> } {
  const disc = net.discretizer;
  const owner = tableColumnOf(disc);
  const names = disc.columns.filter((c) => c.kind !== 'fine').map((c) => c.name);
  const index = (name: string) => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`There is no column "${name}" in this model.`);
    return i;
  };
  const fixed = new Map<number, number>();
  for (const [name, value] of Object.entries(options.conditions ?? {})) {
    const [j, fine] = tokenColumnsOf(disc, index(name)) as [number, number | undefined];
    const column = disc.columns[j] as ColumnTokens;
    fixed.set(j, tokenOf(column, value));
    const positions = fine === undefined ? undefined : disc.columns[fine];
    if (column.kind === 'binned' && positions?.kind === 'fine' && fine !== undefined)
      fixed.set(fine, positionToken(column, positions, value === null ? NaN : Number(value)));
  }
  const base = options.order ? options.order.map(index) : names.map((_, i) => i);
  if (options.order && new Set(base).size !== names.length)
    throw new Error('A sampling order must name every column exactly once.');
  const order = base.flatMap((m) => owner.flatMap((o, j) => (o === m ? [j] : [])));
  return { order: order.filter((j) => !fixed.has(j)), fixed };
}

export async function sampleArgn(
  net: ArgnNet,
  rows: number,
  seed: number,
  options: ArgnSampleOptions = {},
): Promise<ModelTable> {
  const temperature = options.temperature ?? 1;
  if (!(temperature > 0)) throw new Error('The sampling temperature must be above 0.');
  if (!Number.isInteger(rows) || rows < 0) throw new Error('Ask for a whole number of rows.');
  const { order, fixed } = plan(net, options);
  const rng = new Rng(seed);
  const cols = net.shape.cards.length;
  const tokens = new Int32Array(rows * cols).fill(-1);
  for (let r = 0; r < rows; r += 1) for (const [j, tok] of fixed) tokens[r * cols + j] = tok;
  for (let start = 0; start < rows; start += SAMPLE_CHUNK) {
    const n = Math.min(SAMPLE_CHUNK, rows - start);
    const chunk = tokens.subarray(start * cols, (start + n) * cols);
    // The embedded row so far `[n, D]`: conditioned columns, then each column as drawn.
    let embedded = tf.tidy(() => {
      let e: tf.Tensor2D = tf.zeros([n, net.params.embedding.shape[1]]);
      for (const [j, token] of fixed)
        e = tf.add(e, embedColumn(net, j, new Int32Array(n).fill(token)));
      return e;
    });
    for (const j of order) {
      const current = embedded;
      const probs = tf.tidy(() => tf.softmax(tf.div(headLogits(net, j, current), temperature)));
      const p = (await probs.data()) as Float32Array;
      probs.dispose();
      const k = net.shape.cards[j] as number;
      // The rare token stands for levels held by a handful of rows: it is learned (so the other
      // levels keep their shares) but never drawn while the column has a common level, so every
      // written value is one of the column's own, and no rare level is reproduced.
      foldRareToken(net.discretizer.columns[j] as ColumnTokens, p, n, k);
      const drawn = new Int32Array(n);
      for (let r = 0; r < n; r += 1) {
        drawn[r] = draw(p, r * k, k, rng);
        chunk[r * cols + j] = drawn[r] as number;
      }
      embedded = tf.tidy(() => tf.add(current, embedColumn(net, j, drawn)));
      current.dispose();
    }
    embedded.dispose();
  }
  return undiscretize(net.discretizer, tokens, rows, rng);
}

/** Gives the rare token's share of each of `n` rows of `p` to the column's other tokens. */
export function foldRareToken(column: ColumnTokens, p: Float32Array, n: number, k: number): void {
  if (column.kind !== 'categorical' || column.levels.length === 0 || k <= 1) return;
  for (let r = 0; r < n; r += 1) {
    const rare = p[r * k] as number;
    if (rare >= 1) {
      for (let t = 1; t < k; t += 1) p[r * k + t] = 1 / (k - 1);
    } else if (rare > 0) {
      for (let t = 1; t < k; t += 1) p[r * k + t] = (p[r * k + t] as number) / (1 - rare);
    }
    p[r * k] = 0;
  }
}

/**
 * Logits `[n, k_j]` of column j's head alone, from the embedded row so far `[n, D]`. Columns
 * not drawn yet have zero embeddings, so no mask is needed and only head j's weights are used.
 */
export function headLogits(net: ArgnNet, j: number, embedded: tf.Tensor2D): tf.Tensor2D {
  const { layers, predictor } = net.params;
  let h = embedded;
  let prevStart = 0;
  let prevWidth: number = h.shape[1];
  net.shape.units.forEach((u, l) => {
    const start = u.slice(0, j).reduce((a, b) => a + b, 0);
    const width = u[j] as number;
    const layer = layers[l] as ArgnParams['layers'][number];
    const w = tf.slice(layer.w, [l === 0 ? 0 : prevStart, start], [prevWidth, width]);
    h = tf.relu(tf.add(tf.matMul(h, w), tf.slice(layer.b, [start], [width])));
    prevStart = start;
    prevWidth = width;
  });
  const block = net.constants.predictorBlocks[j] as PredictorBlock;
  const w = blockWeight(predictor.w, block);
  return tf.add(tf.matMul(h, w), tf.slice(predictor.b, [block.k0], [block.k]));
}

/** Embeddings `[n, D]` of tokens of column j alone (zeros outside its block). */
export function embedColumn(net: ArgnNet, j: number, tokens: Int32Array): tf.Tensor2D {
  const k0 = net.shape.cards.slice(0, j).reduce((a, b) => a + b, 0);
  const k = net.shape.cards[j] as number;
  const table = tf.slice(
    tf.mul(net.params.embedding, net.constants.embeddingMask),
    [k0, 0],
    [k, -1],
  );
  return tf.matMul(oneHotAny<tf.Rank.R2>(tf.tensor1d(tokens, 'int32'), k), table);
}

/** A token drawn from the probabilities `p[from .. from + k)`. */
export function draw(p: Float32Array, from: number, k: number, rng: Rng): number {
  let u = rng.uniform();
  for (let t = 0; t < k; t += 1) {
    u -= p[from + t] as number;
    if (u < 0) return t;
  }
  let last = k - 1;
  while (last > 0 && !((p[from + last] as number) > 0)) last -= 1;
  return last;
}
