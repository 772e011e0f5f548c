/**
 * "Write one entity" for the sequential ARGN: one synthetic entity drawn step by step, each
 * column's predicted shares and the "last event?" probability reported as it is written. The
 * draws are exactly those of `sampleSeqArgn(m, 1, rng)` (same logits, same seeded draws in the
 * same order, same redraw of entities that copy a training entity), so the entity shown is the
 * one the sample path writes for that seed; tests/unit/seq-views-trace.test.ts pins it.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../rng';
import type { Cell } from '../../sequence/cells';
import type {
  EntityTrace,
  TraceChoice,
  TraceEvent,
  TraceOption,
} from '../../sequence/entity-trace';
import { entitySignature } from '../../sequence/signatures';
import { cellOfValue, valueOfToken, type ColumnTokens } from './entity-tokens';
import { contextAndStart, eventLogits, gruStep, multiHot, POSITION_SCALE } from './seq-argn-net';
import { subjectHeadLogits } from './seq-argn-sample';
import type { SeqArgnModel } from './seq-argn';

const TOP = 5;
const DAY_MS = 86_400_000;

/** Softmax of `[1, k]` logits, masked by `allowed`, and one seeded draw (as `drawTokens`). */
async function drawOne(
  logits: tf.Tensor2D,
  rng: Rng,
  allowed?: (token: number) => boolean,
): Promise<{ token: number; shares: Float64Array }> {
  const probs = tf.softmax(logits);
  const p = await probs.data();
  probs.dispose();
  const k = logits.shape[1];
  const w = new Float64Array(k);
  for (let j = 0; j < k; j += 1) w[j] = allowed && !allowed(j) ? 0 : (p[j] as number);
  const token = rng.weighted(w);
  const total = w.reduce((s, v) => s + v, 0);
  return { token, shares: w.map((v) => (total > 0 ? v / total : 0)) };
}

function fmt(c: ColumnTokens, v: number, gap: boolean): string {
  if (gap && c.codec.type === 'numeric' && c.codec.date)
    return `${Number((v / DAY_MS).toPrecision(3))} days`;
  return gap ? String(Number(v.toPrecision(4))) : (cellOfValue(c, v) ?? '(missing)');
}

/** A token of a column in words: its level, its bin's range, or its gap range. */
export function seqTokenLabel(c: ColumnTokens, token: number): string {
  if (!c.bins) return c.codec.type === 'discrete' ? (c.codec.levels[token] ?? '(missing)') : '';
  const firsts = c.bins.lo.length;
  if (token === firsts) return '(missing)';
  const gap = token > firsts && c.gaps !== null;
  const bins = gap && c.gaps ? c.gaps : c.bins;
  const b = gap ? token - firsts - 1 : token;
  const lo = fmt(c, bins.lo[b] as number, gap);
  const hi = fmt(c, bins.hi[b] as number, gap);
  const range = lo === hi ? lo : `${lo} to ${hi}`;
  return gap ? `gap of ${range}` : range;
}

function choice(column: string, shares: Float64Array, token: number, label: (k: number) => string) {
  const ranked = Array.from(shares.keys())
    .filter((k) => (shares[k] as number) > 0)
    .sort((a, b) => (shares[b] as number) - (shares[a] as number) || a - b);
  const option = (k: number): TraceOption => ({
    label: label(k),
    probability: shares[k] as number,
  });
  return {
    column,
    top: ranked.slice(0, TOP).map(option),
    options: shares.length,
    drawn: option(token),
  };
}

/** The subject: tokens column by column (the "has events?" flag last), then their values. */
async function writeSubject(m: SeqArgnModel, rng: Rng) {
  const tokens = m.shape.subjectCards.map(() => new Int32Array(1));
  const shares: Float64Array[] = [];
  for (let c = 0; c < tokens.length; c += 1) {
    const logits = subjectHeadLogits(m, tokens, c);
    const d = await drawOne(logits, rng);
    logits.dispose();
    tokens[c] = Int32Array.of(d.token);
    shares.push(d.shares);
  }
  const S = m.tokens.subject.length;
  const choices: TraceChoice[] = m.tokens.subject.map((col, j) => {
    const token = tokens[j]?.[0] as number;
    const value = cellOfValue(col, valueOfToken(col, token, rng).value);
    const label = (k: number) => seqTokenLabel(col, k);
    return { ...choice(col.codec.name, shares[j] as Float64Array, token, label), value };
  });
  const empty = m.emptyFlag && tokens[S]?.[0] === 0;
  if (m.emptyFlag) {
    const label = (k: number) => (k === 0 ? 'no events' : 'has events');
    const c = choice('has events?', shares[S] as Float64Array, tokens[S]?.[0] as number, label);
    choices.push({ ...c, value: empty ? 'no events' : 'has events' });
  }
  return { tokens, choices, empty };
}

type EventState = { h: tf.Tensor2D; ctx: tf.Tensor2D; lastOrder: number };

/** Event `t`: every column's token (order column first, "last event?" last), then the values. */
async function writeEvent(m: SeqArgnModel, s: EventState, t: number, rng: Rng) {
  const ce = m.shape.eventCards.length;
  const tokens = m.shape.eventCards.map(() => new Int32Array(1));
  const shares: Float64Array[] = [];
  for (let c = 0; c < ce; c += 1) {
    const logits = tf.tidy(() => {
      const xt = tf.stack(
        tokens.map((v) => tf.tensor1d(v, 'int32')),
        1,
      ) as tf.Tensor2D;
      const x = multiHot(xt, m.shape.eventCards);
      const pos = tf.fill([1, 1], t / POSITION_SCALE) as tf.Tensor2D;
      return eventLogits(m.params, s.h, s.ctx, pos, x, m.masks.event)[c] as tf.Tensor2D;
    });
    const j = m.drawOrder[c];
    const col = j === undefined ? null : (m.tokens.event[j] as ColumnTokens);
    const firsts = col?.bins ? col.bins.lo.length : 0;
    const allowed =
      j === m.tokens.orderIndex && col?.gaps
        ? (k: number) => (t === 0 ? k <= firsts : k > firsts)
        : undefined;
    const d = await drawOne(logits, rng, allowed);
    logits.dispose();
    tokens[c] = Int32Array.of(d.token);
    shares.push(d.shares);
  }
  const cells: Cell[] = new Array<Cell>(m.tokens.event.length).fill(null);
  const choices = m.drawOrder.map((j, c): TraceChoice => {
    const col = m.tokens.event[j] as ColumnTokens;
    const token = tokens[c]?.[0] as number;
    const drawn = valueOfToken(col, token, rng);
    let v = drawn.value;
    const isOrder = j === m.tokens.orderIndex;
    if (isOrder) {
      v = drawn.gap ? (Number.isNaN(s.lastOrder) ? NaN : s.lastOrder + Math.max(0, v)) : v;
      if (!Number.isNaN(v)) s.lastOrder = v;
    }
    cells[j] = cellOfValue(col, v);
    const base = choice(col.codec.name, shares[c] as Float64Array, token, (k) =>
      seqTokenLabel(col, k),
    );
    return {
      ...base,
      value: cells[j] ?? null,
      ...(isOrder ? { orderPart: t === 0 ? 'first value' : 'gap' } : {}),
    };
  });
  const ended = tokens[ce - 1]?.[0] === 1;
  const event: TraceEvent = {
    index: t,
    choices,
    end: { probability: shares[ce - 1]?.[1] ?? 0, ended },
    cells,
  };
  const next = tf.tidy(() => {
    const xt = tf.stack(
      tokens.map((v) => tf.tensor1d(v, 'int32')),
      1,
    ) as tf.Tensor2D;
    return gruStep(m.params, s.h, multiHot(xt, m.shape.eventCards));
  });
  s.h.dispose();
  s.h = next;
  return event;
}

/** One step of writing an entity: its subject first, then one event at a time. */
export type SeqArgnWriteStep =
  | { type: 'subject'; choices: TraceChoice[]; subject: Cell[] }
  | { type: 'event'; event: TraceEvent }
  | { type: 'end'; reachedCap: boolean };

/**
 * Writes one entity with `rng`, yielding its subject and then each event as soon as it is drawn
 * (the caller may stop early: the generator's `finally` frees its tensors).
 */
export async function* writeSeqArgnEntity(
  m: SeqArgnModel,
  rng: Rng,
): AsyncGenerator<SeqArgnWriteStep> {
  const subj = await writeSubject(m, rng);
  yield {
    type: 'subject',
    choices: subj.choices,
    subject: subj.choices.slice(0, m.tokens.subject.length).map((c) => c.value),
  };
  if (subj.empty) {
    yield { type: 'end', reachedCap: false };
    return;
  }
  const [ctx, h] = tf.tidy(() => {
    const x = tf.stack(
      subj.tokens.map((v) => tf.tensor1d(v, 'int32')),
      1,
    ) as tf.Tensor2D;
    return contextAndStart(m.params, multiHot(x, m.shape.subjectCards));
  });
  const state: EventState = { h, ctx, lastOrder: NaN };
  try {
    for (let t = 0; t < m.steps; t += 1) {
      const event = await writeEvent(m, state, t, rng);
      yield { type: 'event', event };
      if (event.end.ended) {
        yield { type: 'end', reachedCap: false };
        return;
      }
    }
    yield { type: 'end', reachedCap: true };
  } finally {
    tf.dispose([state.ctx, state.h]);
  }
}

/**
 * The entity `sampleSeqArgn(m, 1, new Rng(seed))` writes, with every decision: drawn again
 * (as the sample path does) while it copies a training entity.
 */
export async function traceSeqArgnEntity(m: SeqArgnModel, seed: number): Promise<EntityTrace> {
  const rng = new Rng(seed);
  for (let redraws = 0; ; redraws += 1) {
    const trace: EntityTrace = {
      model: 'seq-argn',
      seed,
      subjectColumns: m.template.subjectColumns,
      eventColumns: m.template.eventColumns,
      order: m.template.order,
      subjectChoices: [],
      subject: [],
      events: [],
      reachedCap: false,
      redraws,
    };
    for await (const step of writeSeqArgnEntity(m, rng)) {
      if (step.type === 'subject')
        [trace.subjectChoices, trace.subject] = [step.choices, step.subject];
      else if (step.type === 'event') trace.events.push(step.event);
      else trace.reachedCap = step.reachedCap;
    }
    const signature = entitySignature(
      trace.subject,
      trace.events.map((e) => e.cells),
    );
    if (!m.trainingSignatures.has(signature)) return trace;
    if (redraws >= m.config.maxRedraws)
      throw new Error(
        `After ${redraws} rounds the entity still copies a training entity: the data has too few distinct entities.`,
      );
  }
}
