/**
 * The TVAE's loss terms (Xu et al. 2019), read off the span layout: a Gaussian
 * likelihood with a learned per-dimension σ on the scalar (tanh) dimensions, cross-entropy on
 * every softmax span, and the KL divergence of the encoder's posterior from N(0, I).
 */
import * as tf from '@tensorflow/tfjs';
import type { Layout } from '../../data/spans';

/** What the loss needs from the layout, as plain data (build once per model). */
export interface LossPlan {
  dataDim: number;
  /** Number of scalar (tanh) dimensions. */
  scalarDims: number;
  /** Number of softmax spans. */
  softmaxSpans: number;
  /** 1 on scalar dimensions, 0 elsewhere; `[dataDim]`. */
  scalarMask: Float32Array;
  /** 1 on softmax dimensions, 0 elsewhere; `[dataDim]`. */
  softmaxMask: Float32Array;
  /** Row-major `[dataDim, scalarDims]`: picks the scalar dimensions out of a row. */
  scalarPick: Float32Array;
  /**
   * Row-major `[dataDim, softmaxSpans]`: 1 where a dimension belongs to a softmax span. Spans are
   * numbered in {@link groups} order (any order works for sums; this one lines up with the maxima).
   */
  spanIndicator: Float32Array;
  /** The softmax spans in groups of similar width, for their per-span maxima. */
  groups: SpanGroup[];
}

/** Softmax spans whose maxima are found together, each padded to the group's widest. */
export interface SpanGroup {
  spans: number;
  width: number;
  /**
   * `[spans * width]`: the dimension at each (span, slot), or `dataDim` (a padding column of
   * -1e9) where a span is narrower than `width`.
   */
  padIndex: Int32Array;
}

/** At most this many span groups: each costs a few kernels, padding costs copies. */
const MAX_GROUPS = 3;

/**
 * Splits widths sorted ascending into at most {@link MAX_GROUPS} runs with the least padded
 * size (Σ count · widest), by dynamic programming. Returns each run's end (exclusive).
 */
function groupEnds(widths: readonly number[]): number[] {
  const n = widths.length;
  // best[g][i]: least padded size of the first i widths in g runs; cut[g][i]: that last run's start.
  const best = [new Array<number>(n + 1).fill(Infinity)];
  const cut: number[][] = [[]];
  (best[0] as number[])[0] = 0;
  for (let g = 1; g <= MAX_GROUPS; g += 1) {
    best.push(new Array<number>(n + 1).fill(Infinity));
    cut.push(new Array<number>(n + 1).fill(0));
    for (let i = 1; i <= n; i += 1) {
      for (let j = 0; j < i; j += 1) {
        const size = (best[g - 1] as number[])[j] as number;
        const cost = size + (i - j) * (widths[i - 1] as number);
        if (cost < ((best[g] as number[])[i] as number)) {
          (best[g] as number[])[i] = cost;
          (cut[g] as number[])[i] = j;
        }
      }
    }
  }
  let g = 1;
  for (let k = 2; k <= MAX_GROUPS; k += 1) {
    if (((best[k] as number[])[n] as number) < ((best[g] as number[])[n] as number)) g = k;
  }
  const ends: number[] = [];
  for (let i = n; i > 0 && g > 0; g -= 1) {
    ends.unshift(i);
    i = (cut[g] as number[])[i] as number;
  }
  return ends;
}

/** Reads the span list once into the arrays the loss uses. */
export function planLoss(layout: Layout): LossPlan {
  const dataDim = layout.dataDim;
  const scalar = layout.spans.filter((s) => s.activation === 'tanh');
  const softmax = layout.spans
    .filter((s) => s.activation === 'softmax')
    .sort((a, b) => a.dim - b.dim || a.start - b.start);
  const scalarMask = new Float32Array(dataDim);
  const softmaxMask = new Float32Array(dataDim);
  const scalarPick = new Float32Array(dataDim * scalar.length);
  const spanIndicator = new Float32Array(dataDim * softmax.length);
  scalar.forEach((span, j) => {
    scalarMask[span.start] = 1;
    scalarPick[span.start * scalar.length + j] = 1;
  });
  softmax.forEach((span, j) => {
    softmaxMask.fill(1, span.start, span.end);
    for (let d = span.start; d < span.end; d += 1) spanIndicator[d * softmax.length + j] = 1;
  });
  let from = 0;
  const groups = groupEnds(softmax.map((span) => span.dim)).map((end) => {
    const members = softmax.slice(from, end);
    from = end;
    const width = (members[members.length - 1] as (typeof softmax)[number]).dim;
    const padIndex = new Int32Array(members.length * width).fill(dataDim);
    members.forEach((span, j) => {
      for (let k = 0; k < span.dim; k += 1) padIndex[j * width + k] = span.start + k;
    });
    return { spans: members.length, width, padIndex };
  });
  return {
    dataDim,
    scalarDims: scalar.length,
    softmaxSpans: softmax.length,
    scalarMask,
    softmaxMask,
    scalarPick,
    spanIndicator,
    groups,
  };
}

/** The plan on the backend (owned by the model, disposed with it). */
export interface LossMasks {
  /** 1 on scalar dimensions, `[dataDim]`. */
  scalar: tf.Tensor1D;
  /** 1 on softmax dimensions, `[dataDim]`. */
  softmax: tf.Tensor1D;
  /** 0 on softmax dimensions and −1e9 on scalar ones, `[dataDim]`: masks them out of a max. */
  softmaxShift: tf.Tensor1D;
  /** `[dataDim, scalarDims]`: a matMul with it keeps the scalar dimensions only. */
  scalarPick: tf.Tensor2D;
  /** `[dataDim, spans]`: sums each softmax span of a row. */
  gather: tf.Tensor2D;
  /** `[spans, dataDim]`: spreads a per-span value over its dimensions. */
  spread: tf.Tensor2D;
  /** Per group, see {@link SpanGroup.padIndex} (used forward only). */
  padIndex: tf.Tensor1D[];
  /** Per group, `[spans, width]`. */
  groupShapes: [number, number][];
}

const MASKED_OUT = -1e9;
/** Floor on a span's sum of exponentials (see {@link softmaxCrossEntropy}). */

export function uploadMasks(plan: LossPlan): LossMasks {
  return tf.tidy(() => {
    // Layouts without scalars or without softmax spans get one all-zero column instead, so
    // every shape stays valid; the loss skips that term.
    const column = (values: Float32Array, n: number) =>
      n > 0 ? tf.tensor2d(values, [plan.dataDim, n]) : tf.zeros<tf.Rank.R2>([plan.dataDim, 1]);
    const gather = column(plan.spanIndicator, plan.softmaxSpans);
    return {
      scalar: tf.tensor1d(plan.scalarMask),
      softmax: tf.tensor1d(plan.softmaxMask),
      softmaxShift: tf.tensor1d(plan.scalarMask.map((m) => m * MASKED_OUT)),
      scalarPick: column(plan.scalarPick, plan.scalarDims),
      gather,
      spread: tf.transpose(gather),
      padIndex: plan.groups.map((g) => tf.tensor1d(g.padIndex, 'int32')),
      groupShapes: plan.groups.map((g): [number, number] => [g.spans, g.width]),
    };
  });
}

/**
 * Summed cross-entropy of every softmax span against its one-hot target, `[batch, dataDim]`
 * logits in, a scalar out (not yet divided by the batch). One custom-gradient op for all spans
 * (a per-span loop costs hundreds of small kernels per step).
 *
 * Each span's log-sum-exp is shifted by that span's OWN maximum (found by a forward-only gather
 * into `[batch, spans, width]` per group of similar widths, so a 42-level column does not pad
 * every 2-level one to 42). A single shift per row, as an earlier version used, lets the
 * spans far below the row's largest logit underflow to exp(-88) = 0 once training sharpens the
 * logits; that corrupted the loss and its gradient, and long runs diverged.
 */
export function softmaxCrossEntropy(out: tf.Tensor2D, x: tf.Tensor2D, masks: LossMasks): tf.Scalar {
  const target = tf.mul(x, masks.softmax);
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [logits, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const batch = logits.shape[0];
    const padded = tf.concat([logits, tf.fill([batch, 1], MASKED_OUT)], 1);
    const maxima = masks.padIndex.map((index, g) => {
      const [spans, width] = masks.groupShapes[g] as [number, number];
      return tf.max(tf.reshape(tf.gather(padded, index, 1), [batch, spans, width]), 2);
    });
    const spanMax = maxima.length === 1 ? (maxima[0] as tf.Tensor2D) : tf.concat(maxima, 1);
    const shift = tf.matMul(spanMax, masks.spread);
    const e = tf.exp(tf.add(tf.sub(logits, shift), masks.softmaxShift));
    const sums = tf.matMul(e, masks.gather);
    const normalisers = tf.add(tf.sum(tf.log(sums)), tf.sum(spanMax));
    const value = tf.sub(normalisers, tf.sum(tf.mul(logits, target)));
    // The gradient runs after the forward scope is gone: everything it reads is saved.
    save([e, sums, target]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [se, ssums, st] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const denominators = tf.add(tf.matMul(ssums, masks.spread), masks.scalar);
      return tf.mul(tf.sub(tf.div(se, denominators), st), dy);
    };
    return { value, gradFunc };
  });
  return f(out) as tf.Scalar;
}

export function reconstructionLoss(
  out: tf.Tensor2D,
  x: tf.Tensor2D,
  sigma: tf.Tensor1D,
  plan: LossPlan,
  masks: LossMasks,
  lossFactor: number,
): tf.Scalar {
  const batch = out.shape[0];
  const terms: tf.Scalar[] = [];
  if (plan.scalarDims > 0) terms.push(gaussianTerm(out, x, sigma, masks));
  if (plan.softmaxSpans > 0) terms.push(softmaxCrossEntropy(out, x, masks));
  const total = tf.addN(terms) as tf.Scalar;
  return tf.mul(total, lossFactor / batch);
}

/**
 * `Σ (x − tanh(out))² / (2σ²)` over rows and scalar dimensions, plus `Σ log σ` over the scalar
 * dimensions. The scalar dimensions are picked out by a matMul first, so `tanh` and the
 * elementwise work run on `[batch, scalarDims]` only.
 */
function gaussianTerm(
  out: tf.Tensor2D,
  x: tf.Tensor2D,
  sigma: tf.Tensor1D,
  masks: LossMasks,
): tf.Scalar {
  const predicted = tf.tanh(tf.matMul(out, masks.scalarPick));
  const target = tf.matMul(x, masks.scalarPick);
  const scalarSigma = tf.matMul(tf.reshape(sigma, [1, -1]), masks.scalarPick);
  const squared = tf.sum(
    tf.div(tf.square(tf.sub(target, predicted)), tf.mul(tf.square(scalarSigma), 2)),
  );
  return tf.add(squared, tf.sum(tf.log(scalarSigma)));
}

/**
 * KL divergence of N(mu, exp(logvar)) from N(0, I), summed over latent dimensions and rows and
 * divided by the batch size: `−½ Σ (1 + logvar − mu² − exp(logvar)) / batch`.
 *
 * @param mu `[batch, latent]`
 * @param logvar `[batch, latent]`
 * @param std `exp(logvar / 2)` when the caller has it already: `exp(logvar)` is then its square
 *   (one kernel less than a second `exp`)
 */
export function klLoss(mu: tf.Tensor2D, logvar: tf.Tensor2D, std?: tf.Tensor2D): tf.Scalar {
  const variance = std ? tf.square(std) : tf.exp(logvar);
  const terms = tf.sub(tf.sub(tf.add(logvar, 1), tf.square(mu)), variance);
  return tf.mul(tf.sum(terms), -0.5 / mu.shape[0]);
}
