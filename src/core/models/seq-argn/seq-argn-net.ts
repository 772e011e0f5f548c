/**
 * The sequential ARGN's network on raw tfjs ops: the ARGN idea carried over time.
 *
 * - Subject: columns in a fixed order, each predicted by a small head from the one-hots of the
 *   subject columns before it (`x ⊙ m_c`, m_c masking later columns): `[B, Vs] -> [B, k_c]`.
 * - Context: `ctx = relu(xs · Wc + bc)` `[B, H]` sums up the subject.
 * - History: a GRU cell (Cho et al. 2014) over the events, `h_0 = tanh(ctx · W0 + b0)` and
 *   `h_t = GRU(h_{t-1}, x_{t-1})`, so `h_t` sees only the events before t (causal).
 * - Event t: each column (the order column first, then the others, then "last event?") from a
 *   head over `[h_t, ctx, x_t ⊙ m_c]`: the history, the subject and the columns of event t
 *   before it. One pass over all `B · T` events at once.
 * - Loss: cross-entropy of every subject column and of every column of every real event (padded
 *   events masked out), summed per entity and averaged over entities (nats).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../rng';

export interface SeqArgnShape {
  subjectCards: number[];
  eventCards: number[];
  hidden: number;
  headUnits: number;
}

interface Head {
  w1: tf.Variable<tf.Rank.R2>;
  b1: tf.Variable<tf.Rank.R1>;
  w2: tf.Variable<tf.Rank.R2>;
  b2: tf.Variable<tf.Rank.R1>;
}

export interface SeqArgnParams {
  subjectHeads: Head[];
  context: { w: tf.Variable<tf.Rank.R2>; b: tf.Variable<tf.Rank.R1> };
  start: { w: tf.Variable<tf.Rank.R2>; b: tf.Variable<tf.Rank.R1> };
  /** GRU: input weights `[Ve, 3H]`, recurrent `[H, 3H]`, bias `[3H]` (update, reset, candidate). */
  gru: { wx: tf.Variable<tf.Rank.R2>; wh: tf.Variable<tf.Rank.R2>; b: tf.Variable<tf.Rank.R1> };
  eventHeads: Head[];
}

const sum = (a: readonly number[]) => a.reduce((s, x) => s + x, 0);

let made = 0;
function weight(
  rows: number,
  cols: number,
  rng: Rng,
  scale = Math.sqrt(1 / rows),
): tf.Variable<tf.Rank.R2> {
  const values = Float32Array.from({ length: rows * cols }, () => (2 * rng.uniform() - 1) * scale);
  made += 1;
  return tf.variable(tf.tensor2d(values, [rows, cols]), true, `seqargn_w${made}`);
}
function bias(n: number, init?: Float32Array): tf.Variable<tf.Rank.R1> {
  made += 1;
  return tf.variable(init ? tf.tensor1d(init) : tf.zeros([n]), true, `seqargn_b${made}`);
}

function head(fanIn: number, units: number, card: number, rng: Rng): Head {
  return {
    w1: weight(fanIn, units, rng),
    b1: bias(units),
    w2: weight(units, card, rng),
    b2: bias(card),
  };
}

/** Fresh weights for a shape (uniform in ±1/√fan-in, as PyTorch's linear layers start). */
export function createSeqArgn(shape: SeqArgnShape, rng: Rng): SeqArgnParams {
  const vs = Math.max(1, sum(shape.subjectCards));
  const ve = sum(shape.eventCards);
  const h = shape.hidden;
  return {
    subjectHeads: shape.subjectCards.map((k) => head(vs, shape.headUnits, k, rng)),
    context: { w: weight(vs, h, rng), b: bias(h) },
    start: { w: weight(h, h, rng), b: bias(h) },
    gru: { wx: weight(ve, 3 * h, rng), wh: weight(h, 3 * h, rng), b: bias(3 * h) },
    eventHeads: shape.eventCards.map((k) => head(2 * h + ve + 1, shape.headUnits, k, rng)),
  };
}

export function seqArgnVariables(p: SeqArgnParams): tf.Variable[] {
  const heads = (hs: Head[]) => hs.flatMap((x) => [x.w1, x.b1, x.w2, x.b2]);
  return [
    ...heads(p.subjectHeads),
    p.context.w,
    p.context.b,
    p.start.w,
    p.start.b,
    p.gru.wx,
    p.gru.wh,
    p.gru.b,
    ...heads(p.eventHeads),
  ];
}

export function disposeSeqArgn(p: SeqArgnParams): void {
  tf.dispose(seqArgnVariables(p));
}

/** `[V]` masks: 1 on the tokens of the columns before column c. */
export function priorMasks(cards: readonly number[]): Float32Array[] {
  const total = sum(cards);
  let at = 0;
  return cards.map((k) => {
    const m = new Float32Array(total);
    m.fill(1, 0, at);
    at += k;
    return m;
  });
}

function applyHead(hd: Head, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, hd.w1), hd.b1)), hd.w2), hd.b2);
}

/** Subject column logits: one `[B, k_c]` per column. */
export function subjectLogits(
  p: SeqArgnParams,
  xs: tf.Tensor2D,
  masks: readonly tf.Tensor1D[],
): tf.Tensor2D[] {
  return p.subjectHeads.map((hd, c) => applyHead(hd, tf.mul(xs, masks[c] as tf.Tensor1D)));
}

/** The subject context `[B, H]` and the first hidden state `[B, H]`. */
export function contextAndStart(p: SeqArgnParams, xs: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
  const ctx: tf.Tensor2D = tf.relu(tf.add(tf.matMul(xs, p.context.w), p.context.b));
  return [ctx, tf.tanh(tf.add(tf.matMul(ctx, p.start.w), p.start.b))];
}

/** One GRU step: `h [B, H]`, `x [B, Ve]` -> `[B, H]`. */
export function gruStep(p: SeqArgnParams, h: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D {
  const hidden = h.shape[1];
  const gx = tf.add(tf.matMul(x, p.gru.wx), p.gru.b);
  const gh = tf.matMul(h, p.gru.wh);
  const [xz, xr, xn] = tf.split(gx, [hidden, hidden, hidden], 1) as [
    tf.Tensor2D,
    tf.Tensor2D,
    tf.Tensor2D,
  ];
  const [hz, hr, hn] = tf.split(gh, [hidden, hidden, hidden], 1) as [
    tf.Tensor2D,
    tf.Tensor2D,
    tf.Tensor2D,
  ];
  const z = tf.sigmoid(tf.add(xz, hz));
  const r = tf.sigmoid(tf.add(xr, hr));
  const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
  return tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
}

/** Scale of the position input: event t enters as t / 10. */
export const POSITION_SCALE = 10;

/**
 * Event column logits for rows of `[history, context, position, event]`: one `[R, k_c]` per
 * column. `position [R, 1]` is the event's index / {@link POSITION_SCALE}: known before the
 * event, so it keeps the model causal, and it tells the end decision how long the entity is.
 */
export function eventLogits(
  p: SeqArgnParams,
  history: tf.Tensor2D,
  ctx: tf.Tensor2D,
  position: tf.Tensor2D,
  xe: tf.Tensor2D,
  masks: readonly tf.Tensor1D[],
): tf.Tensor2D[] {
  return p.eventHeads.map((hd, c) =>
    applyHead(hd, tf.concat([history, ctx, position, tf.mul(xe, masks[c] as tf.Tensor1D)], 1)),
  );
}

/** Positions of `b` entities' first `steps` events, row-major: `[b · steps, 1]`. */
export function positions(b: number, steps: number): tf.Tensor2D {
  const one = tf.div(tf.range(0, steps, 1, 'float32'), POSITION_SCALE);
  return tf.reshape(tf.tile(one, [b]), [b * steps, 1]);
}

/**
 * The hidden states before every event: `xe [B, T, Ve]` -> `[B, T, H]`, where position t has
 * seen events 0..t-1 only.
 */
export function histories(p: SeqArgnParams, start: tf.Tensor2D, xe: tf.Tensor3D): tf.Tensor3D {
  const steps = xe.shape[1];
  const out: tf.Tensor2D[] = [start];
  let h = start;
  for (let t = 1; t < steps; t += 1) {
    const x = tf.squeeze(tf.slice(xe, [0, t - 1, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
    h = gruStep(p, h, x);
    out.push(h);
  }
  return tf.stack(out, 1) as tf.Tensor3D;
}

/** Per-token masks uploaded once: subject and event column masks. */
export interface SeqArgnMasks {
  subject: tf.Tensor1D[];
  event: tf.Tensor1D[];
}

export function uploadMasks(shape: SeqArgnShape): SeqArgnMasks {
  const subject = shape.subjectCards.length
    ? priorMasks(shape.subjectCards).map((m) => tf.tensor1d(m))
    : [];
  return { subject, event: priorMasks(shape.eventCards).map((m) => tf.tensor1d(m)) };
}

/** One-hots of token columns `[R, C]` (int32) concatenated: `[R, Σk]`. */
export function multiHot(tokens: tf.Tensor2D, cards: readonly number[]): tf.Tensor2D {
  if (cards.length === 0) return tf.zeros([tokens.shape[0], 1]);
  const cols = tf.unstack(tokens, 1) as tf.Tensor1D[];
  return tf.concat(
    cols.map((c, j) => tf.oneHot(c, cards[j] as number).toFloat()),
    1,
  ) as tf.Tensor2D;
}

/**
 * The training loss of a batch: subject tokens `[B, Cs]`, event tokens `[B, T, Ce]`, valid
 * events `[B, T]` (1 for a real event, 0 for padding). Summed per entity, mean over entities.
 */
export function seqArgnLoss(
  p: SeqArgnParams,
  shape: SeqArgnShape,
  masks: SeqArgnMasks,
  subjectTokens: tf.Tensor2D,
  eventTokens: tf.Tensor3D,
  valid: tf.Tensor2D,
): tf.Scalar {
  const [b, steps, ce] = eventTokens.shape;
  const xs = multiHot(subjectTokens, shape.subjectCards);
  let total: tf.Tensor = tf.scalar(0);
  subjectLogits(p, xs, masks.subject).forEach((logits, c) => {
    const target = tf.squeeze(tf.slice(subjectTokens, [0, c], [-1, 1]), [1]) as tf.Tensor1D;
    total = tf.add(
      total,
      tf.sum(
        tf.losses.softmaxCrossEntropy(
          tf.oneHot(target, shape.subjectCards[c] as number),
          logits,
          undefined,
          undefined,
          tf.Reduction.NONE,
        ),
      ),
    );
  });
  const [ctx, start] = contextAndStart(p, xs);
  const flatTokens = tf.reshape(eventTokens, [b * steps, ce]) as tf.Tensor2D;
  const xeFlat = multiHot(flatTokens, shape.eventCards);
  const xe = tf.reshape(xeFlat, [b, steps, -1]) as tf.Tensor3D;
  const hist = tf.reshape(histories(p, start, xe), [b * steps, -1]) as tf.Tensor2D;
  const ctxRows = tf.reshape(tf.tile(tf.expandDims(ctx, 1), [1, steps, 1]), [
    b * steps,
    -1,
  ]) as tf.Tensor2D;
  const weights = tf.reshape(valid, [b * steps]);
  eventLogits(p, hist, ctxRows, positions(b, steps), xeFlat, masks.event).forEach((logits, c) => {
    const target = tf.squeeze(tf.slice(flatTokens, [0, c], [-1, 1]), [1]) as tf.Tensor1D;
    const ce1 = tf.losses.softmaxCrossEntropy(
      tf.oneHot(target, shape.eventCards[c] as number),
      logits,
      undefined,
      undefined,
      tf.Reduction.NONE,
    );
    total = tf.add(total, tf.sum(tf.mul(ce1, weights)));
  });
  return tf.div(total, b) as tf.Scalar;
}
