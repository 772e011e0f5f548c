/**
 * Writing new entities with a trained sequential ARGN: subject columns one after the other, then
 * events step by step for all entities at once (each column's token drawn from its head, the
 * GRU state moved on by the event just written), until each entity draws "last event" or
 * reaches the longest length learned. Seeded: every draw uses our {@link Rng}.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../rng';
import type { Cell } from '../../sequence/cells';
import type { EntityTable } from '../../sequence/entity-table';
import { newKeys } from '../../sequence/new-keys';
import { entitySignature } from '../../sequence/signatures';
import { encodeCell } from '../../sequence/entity-codec';
import { cellOfValue, tokenOfValue, valueOfToken, type ColumnTokens } from './entity-tokens';
import {
  contextAndStart,
  eventLogits,
  gruStep,
  multiHot,
  POSITION_SCALE,
  subjectLogits,
} from './seq-argn-net';
import type { SeqArgnModel } from './seq-argn';

/** Draws one token per row from `[R, k]` logits with our seeded generator; `allowed` masks tokens. */
export async function drawTokens(
  logits: tf.Tensor2D,
  rng: Rng,
  allowed?: (token: number) => boolean,
): Promise<Int32Array> {
  const probs = tf.softmax(logits);
  const p = await probs.data();
  probs.dispose();
  const [r, k] = logits.shape;
  const out = new Int32Array(r);
  const w = new Float64Array(k);
  for (let i = 0; i < r; i += 1) {
    for (let j = 0; j < k; j += 1) w[j] = allowed && !allowed(j) ? 0 : (p[i * k + j] as number);
    out[i] = rng.weighted(w);
  }
  return out;
}

interface Drawn {
  subject: Cell[];
  events: Cell[][];
  order: number[];
}

/**
 * The fixed subject cells the network can place, as tokens by subject column (TabularARGN's
 * way to condition: the column's token is set, not drawn, and every later head sees it). A
 * category the training subjects never held, or a cell that is no number, is left out.
 */
/**
 * Logits `[n, k_c]` of subject column `c`, given the subject tokens drawn so far (`cols`, one
 * array per subject column; columns not drawn yet are masked out).
 */
export function subjectHeadLogits(
  m: SeqArgnModel,
  cols: readonly Int32Array[],
  c: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const tokens = tf.stack(
      cols.map((v) => tf.tensor1d(v, 'int32')),
      1,
    ) as tf.Tensor2D;
    return subjectLogits(m.params, multiHot(tokens, m.shape.subjectCards), m.masks.subject)[
      c
    ] as tf.Tensor2D;
  });
}

export function placeFixedSubjects(
  m: SeqArgnModel,
  fixed: Readonly<Record<string, Cell>> = {},
): Map<number, number> {
  const out = new Map<number, number>();
  m.tokens.subject.forEach((t, j) => {
    if (!Object.hasOwn(fixed, t.codec.name)) return;
    const v = encodeCell(t.codec, fixed[t.codec.name] ?? null);
    if (t.codec.type === 'discrete' ? v >= 0 : !Number.isNaN(v)) out.set(j, tokenOfValue(t, v));
  });
  return out;
}

/** Subject tokens `[n, Cs]`, column by column; `fixed` columns take their token. */
async function drawSubjects(
  m: SeqArgnModel,
  n: number,
  rng: Rng,
  fixed: ReadonlyMap<number, number>,
): Promise<Int32Array[]> {
  const cols: Int32Array[] = m.shape.subjectCards.map(() => new Int32Array(n));
  for (let c = 0; c < cols.length; c += 1) {
    const given = fixed.get(c);
    if (given !== undefined) {
      cols[c] = new Int32Array(n).fill(given);
      continue;
    }
    const logits = subjectHeadLogits(m, cols, c);
    cols[c] = await drawTokens(logits, rng);
    logits.dispose();
  }
  return cols;
}

/** Draws `n` entities (subjects and events) as cells; `fixed` cells are written as given. */
async function drawBatch(
  m: SeqArgnModel,
  n: number,
  rng: Rng,
  fixedCells: Readonly<Record<string, Cell>>,
): Promise<Drawn[]> {
  const fixed = placeFixedSubjects(m, fixedCells);
  const subj = await drawSubjects(m, n, rng, fixed);
  const S = m.tokens.subject.length;
  const out: Drawn[] = Array.from({ length: n }, (_, e) => ({
    subject: m.tokens.subject.map((c, j) =>
      fixed.has(j)
        ? (fixedCells[c.codec.name] ?? null)
        : cellOfValue(c, valueOfToken(c, subj[j]?.[e] as number, rng).value),
    ),
    events: [],
    order: [],
  }));
  const done = Uint8Array.from({ length: n }, (_, e) =>
    m.emptyFlag && subj[S]?.[e] === 0 ? 1 : 0,
  );
  const subjectHot = (): tf.Tensor2D =>
    multiHot(
      tf.stack(
        subj.map((v) => tf.tensor1d(v, 'int32')),
        1,
      ) as tf.Tensor2D,
      m.shape.subjectCards,
    );
  const [ctx, start] = tf.tidy(() => contextAndStart(m.params, subjectHot()));
  let h = start;
  const ce = m.shape.eventCards.length;
  const lastOrder = new Float64Array(n).fill(NaN);
  for (let t = 0; t < m.steps && done.some((d) => d === 0); t += 1) {
    const tokens: Int32Array[] = m.shape.eventCards.map(() => new Int32Array(n));
    for (let c = 0; c < ce; c += 1) {
      const logits = tf.tidy(() => {
        const x = multiHot(
          tf.stack(
            tokens.map((v) => tf.tensor1d(v, 'int32')),
            1,
          ) as tf.Tensor2D,
          m.shape.eventCards,
        );
        return eventLogits(m.params, h, ctx, tf.fill([n, 1], t / POSITION_SCALE), x, m.masks.event)[
          c
        ] as tf.Tensor2D;
      });
      const j = m.drawOrder[c];
      const col = j === undefined ? null : (m.tokens.event[j] as ColumnTokens);
      const firsts = col?.bins ? col.bins.lo.length : 0;
      // The order column: a first value at an entity's first event, a gap (never negative) after.
      const allowed =
        j === m.tokens.orderIndex && col?.gaps
          ? (k: number) => (t === 0 ? k <= firsts : k > firsts)
          : undefined;
      tokens[c] = await drawTokens(logits, rng, allowed);
      logits.dispose();
    }
    for (let e = 0; e < n; e += 1) {
      if (done[e]) continue;
      const cells: Cell[] = new Array<Cell>(m.tokens.event.length).fill(null);
      m.drawOrder.forEach((j, c) => {
        const col = m.tokens.event[j] as ColumnTokens;
        const drawn = valueOfToken(col, tokens[c]?.[e] as number, rng);
        let v = drawn.value;
        if (j === m.tokens.orderIndex) {
          const prev = lastOrder[e] as number;
          v = drawn.gap ? (Number.isNaN(prev) ? NaN : prev + Math.max(0, v)) : v;
          if (!Number.isNaN(v)) lastOrder[e] = v;
          out[e]?.order.push(v);
        }
        cells[j] = cellOfValue(col, v);
      });
      out[e]?.events.push(cells);
      if (tokens[ce - 1]?.[e] === 1) done[e] = 1;
    }
    const next = tf.tidy(() =>
      gruStep(
        m.params,
        h,
        multiHot(
          tf.stack(
            tokens.map((v) => tf.tensor1d(v, 'int32')),
            1,
          ) as tf.Tensor2D,
          m.shape.eventCards,
        ),
      ),
    );
    h.dispose();
    h = next;
  }
  tf.dispose([ctx, h]);
  return out;
}

/**
 * Writes `n` new entities with new keys (never a real one). Entities that copy a training
 * entity exactly are drawn again, up to `maxRedraws` rounds; any left then are an error.
 */
export async function sampleSeqArgn(
  m: SeqArgnModel,
  n: number,
  rng: Rng,
  fixed: Readonly<Record<string, Cell>> = {},
): Promise<EntityTable> {
  let drawn = n > 0 ? await drawBatch(m, n, rng, fixed) : [];
  for (let round = 0; ; round += 1) {
    const copies = drawn
      .map((d, e) => (m.trainingSignatures.has(entitySignature(d.subject, d.events)) ? e : -1))
      .filter((e) => e >= 0);
    if (copies.length === 0) break;
    if (round >= m.config.maxRedraws)
      throw new Error(
        `After ${round} rounds, ${copies.length} entities still copy a training entity: the data has too few distinct entities.`,
      );
    const again = await drawBatch(m, copies.length, rng, fixed);
    copies.forEach((e, i) => (drawn[e] = again[i] as Drawn));
    drawn = [...drawn];
  }
  const eventStart = new Int32Array(drawn.length + 1);
  drawn.forEach((d, e) => (eventStart[e + 1] = (eventStart[e] as number) + d.events.length));
  const all = drawn.flatMap((d) => d.events);
  return {
    ...m.template,
    keys: newKeys(m.realKeys, drawn.length),
    subjects: m.tokens.subject.map((_, j) => drawn.map((d) => d.subject[j] as Cell)),
    eventStart,
    events: m.tokens.event.map((_, j) => all.map((ev) => ev[j] as Cell)),
    orderValues: Float64Array.from(
      drawn.flatMap((d) => (d.order.length ? d.order : d.events.map(() => NaN))),
    ),
  };
}
