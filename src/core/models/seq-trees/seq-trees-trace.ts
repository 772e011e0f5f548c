/**
 * "Write one entity" for the sequential trees: one synthetic entity with every decision, as
 * `sampleSeqTrees(model, 1, rng)` draws it (same seeded draws in the same order, same redraws),
 * so the same seed shows the same entity. A decision's shares are those of the training rows in
 * the leaf the entity reached (what the donor is drawn from); the end-of-sequence probability is
 * the share of last events in the "last event?" tree's leaf. tests/unit/seq-views-trace.test.ts
 * pins that the entity equals the sample path's.
 */
import type { ModelColumn } from '../../data/model-table';
import { Rng } from '../../rng';
import type { Cell } from '../../sequence/cells';
import { decodeValue, type CellCodec } from '../../sequence/entity-codec';
import type {
  EntityTrace,
  TraceChoice,
  TraceEvent,
  TraceOption,
} from '../../sequence/entity-trace';
import { entitySignature } from '../../sequence/signatures';
import { leafOf, type CartTree } from '../cart/cart-tree';
import {
  donor,
  sampleSequentialTrees,
  smoothValue,
  type CartModel,
} from '../cart/sequential-trees';
import { SEQ_TREES_DEFAULTS, type SeqTreesModel } from './seq-trees';

const TOP = 5;
const DAY_MS = 86_400_000;

/** Shares of the leaf's training rows per value of `column` (NaN = missing). */
function leafShares(tree: CartTree, leaf: number, column: ModelColumn): Map<number, number> {
  const from = tree.start[leaf] as number;
  const size = tree.size[leaf] as number;
  const counts = new Map<number, number>();
  for (let i = from; i < from + size; i += 1) {
    const r = tree.rows[i] as number;
    const v =
      column.type === 'discrete' ? (column.codes[r] as number) : (column.values[r] as number);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  for (const [v, c] of counts) counts.set(v, c / Math.max(1, size));
  return counts;
}

function choiceOf(
  column: string,
  shares: Map<number, number>,
  drawn: number,
  label: (v: number) => string,
  value: Cell,
): TraceChoice {
  const option = (v: number): TraceOption => ({
    label: label(v),
    // Map keys compare by SameValueZero, so a missing (NaN) value finds its share too
    probability: shares.get(v) ?? 0,
  });
  const ranked = [...shares.keys()].sort((a, b) => (shares.get(b) ?? 0) - (shares.get(a) ?? 0));
  return {
    column,
    top: ranked.slice(0, TOP).map(option),
    options: shares.size,
    drawn: option(drawn),
    value,
  };
}

function labelOf(codec: CellCodec | null, v: number, gap: boolean, column: ModelColumn): string {
  if (Number.isNaN(v)) return '(missing)';
  if (gap && codec?.type === 'numeric' && codec.date)
    return `gap of ${Number((v / DAY_MS).toPrecision(3))} days`;
  if (gap) return `gap of ${Number(v.toPrecision(6))}`;
  if (codec) return decodeValue(codec, v) ?? '(missing)';
  return column.type === 'discrete' ? String(column.levels[v] ?? v) : String(v);
}

/** One column of the events model: the donor drawn as `drawFrom` in seq-trees.ts does. */
function drawColumn(model: CartModel, j: number, row: Float64Array, rng: Rng) {
  const at = (f: number) => row[f] as number;
  const step = model.steps[j] as CartModel['steps'][number];
  const column = model.table.columns[j] as ModelColumn;
  const leaf = leafOf(step.tree, at);
  const d = donor(step.tree, leaf, rng);
  if (column.type === 'discrete') {
    const v = column.codes[d] as number;
    return { value: v, donorValue: v, shares: leafShares(step.tree, leaf, column) };
  }
  let v = column.values[d] as number;
  let node = leaf;
  let tree = step.tree;
  if (!Number.isNaN(v) && step.valueTree) {
    node = leafOf(step.valueTree, at);
    tree = step.valueTree;
    v = column.values[donor(step.valueTree, node, rng)] as number;
  }
  const donorValue = v;
  if (step.bandwidth && step.rule && !Number.isNaN(v))
    v = smoothValue(v, step.bandwidth[node] as number, step.rule, rng);
  return { value: v, donorValue, shares: leafShares(tree, node, column) };
}

/** One event at position `t`, its columns drawn into `row` from `firstDrawn` on. */
function drawEvent(
  m: SeqTreesModel,
  row: Float64Array,
  t: number,
  lastOrder: { v: number },
  rng: Rng,
): TraceEvent {
  const S = m.subjectCodecs.length;
  const E = m.eventCodecs.length;
  const orderIndex =
    m.template.order === null ? -1 : m.template.eventColumns.indexOf(m.template.order);
  row[S] = t;
  const drawn = [] as ReturnType<typeof drawColumn>[];
  for (let j = m.firstDrawn; j < m.events.steps.length; j += 1) {
    const c = drawColumn(m.events, j, row, rng);
    row[j] = c.value;
    drawn.push(c);
  }
  const values = new Float64Array(E);
  m.drawOrder.forEach((j, k) => (values[j] = row[m.firstDrawn + k] as number));
  if (orderIndex >= 0) {
    const v = values[orderIndex] as number;
    const value =
      t === 0 || Number.isNaN(lastOrder.v) ? v : lastOrder.v + Math.max(0, Number.isNaN(v) ? 0 : v);
    values[orderIndex] = value;
    if (!Number.isNaN(value)) lastOrder.v = value;
  }
  const cells = m.eventCodecs.map((c, j) => decodeValue(c, values[j] as number));
  const choices = m.drawOrder.map((j, k): TraceChoice => {
    const c = drawn[k] as ReturnType<typeof drawColumn>;
    const isOrder = j === orderIndex;
    const gap = isOrder && t > 0;
    const codec = m.eventCodecs[j] as CellCodec;
    const column = m.events.table.columns[m.firstDrawn + k] as ModelColumn;
    const ch = choiceOf(
      codec.name,
      c.shares,
      c.donorValue,
      (v) => labelOf(codec, v, gap, column),
      cells[j] ?? null,
    );
    return isOrder ? { ...ch, orderPart: t === 0 ? 'first value' : 'gap' } : ch;
  });
  values.forEach((v, j) => (row[S + 1 + j] = v));
  const end = drawn[drawn.length - 1] as ReturnType<typeof drawColumn>;
  return {
    index: t,
    choices,
    end: { probability: end.shares.get(1) ?? 0, ended: end.value === 1 },
    cells,
  };
}

/** The subject as `sampleSeqTrees` draws it, with the leaf shares of each column's tree. */
function drawSubject(m: SeqTreesModel, rng: Rng) {
  const table = sampleSequentialTrees(m.subjects, 1, rng);
  const row = Float64Array.from(table.columns, (c) =>
    c.type === 'numeric' ? (c.values[0] as number) : (c.codes[0] as number),
  );
  const at = (f: number) => row[f] as number;
  const choices = m.subjectCodecs.map((codec, j): TraceChoice => {
    const step = m.subjects.steps[j] as CartModel['steps'][number];
    const column = m.subjects.table.columns[j] as ModelColumn;
    const present = column.type === 'numeric' && !Number.isNaN(row[j] as number) && step.valueTree;
    const tree = present && step.valueTree ? step.valueTree : step.tree;
    const shares = leafShares(tree, leafOf(tree, at), column);
    const cell = decodeValue(codec, row[j] as number);
    return choiceOf(
      codec.name,
      shares,
      row[j] as number,
      (v) => labelOf(codec, v, false, column),
      cell,
    );
  });
  return { row, choices };
}

/** Events for an encoded subject row, with every decision (as `drawEvents` in seq-trees.ts). */
function drawEntity(m: SeqTreesModel, subject: Float64Array, rng: Rng) {
  const S = m.subjectCodecs.length;
  const events: TraceEvent[] = [];
  if (m.emptyFlag && subject[S] === 0) return { events, reachedCap: false };
  const row = new Float64Array(m.events.table.columns.length);
  for (let j = 0; j < S; j += 1) row[j] = subject[j] as number;
  m.eventCodecs.forEach((c, j) => (row[S + 1 + j] = c.type === 'discrete' ? c.levels.length : NaN));
  const lastOrder = { v: NaN };
  for (let t = 0; t < m.template.trainingCap; t += 1) {
    const e = drawEvent(m, row, t, lastOrder, rng);
    events.push(e);
    if (e.end.ended) return { events, reachedCap: false };
  }
  return { events, reachedCap: true };
}

/**
 * The entity `sampleSeqTrees(model, 1, new Rng(seed))` writes, with every decision: drawn again
 * while it copies a training entity (a new subject every fifth try), as the sample path does.
 */
export function traceSeqTreesEntity(
  m: SeqTreesModel,
  seed: number,
  maxRedraws = SEQ_TREES_DEFAULTS.maxRedraws,
): EntityTrace {
  const rng = new Rng(seed);
  let subject = drawSubject(m, rng);
  let entity = drawEntity(m, subject.row, rng);
  const cellsOf = () => subject.choices.map((c) => c.value);
  let tries = 0;
  for (
    ;
    m.trainingSignatures.has(
      entitySignature(
        cellsOf(),
        entity.events.map((e) => e.cells),
      ),
    );
    tries += 1
  ) {
    if (tries >= maxRedraws)
      throw new Error(
        `After ${tries} tries the model could still only write entities that copy a training entity: ` +
          'the data has too few distinct entities for this model.',
      );
    if (tries % 5 === 4) subject = drawSubject(m, rng);
    entity = drawEntity(m, subject.row, rng);
  }
  return {
    model: 'seq-trees',
    seed,
    subjectColumns: m.template.subjectColumns,
    eventColumns: m.template.eventColumns,
    order: m.template.order,
    subjectChoices: subject.choices,
    subject: cellsOf(),
    events: entity.events,
    reachedCap: entity.reachedCap,
    redraws: tries,
  };
}
