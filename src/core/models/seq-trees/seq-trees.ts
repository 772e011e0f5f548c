/**
 * Sequential trees for entities with events: the fast baseline. The subject columns are drawn by
 * the sequential trees (synthpop's CART procedure, `../sequential-trees.ts`); then each event is
 * drawn column by column by trees that see the subject, the event's position, the previous
 * event and the event's columns drawn so far, and a last tree decides whether the entity ends
 * there (so lengths are learned, not fixed). The order column is drawn as a first value and then
 * gaps that are never negative, so every entity's order is valid. Plain TypeScript, no tfjs.
 *
 * Like the one-table trees, it keeps training rows as donors: it is never saved to a model file.
 */
import type { ModelColumn, ModelTable } from '../../data/model-table';
import { SEQ_TREES_DEFAULTS, type SeqTreesConfig } from './config';
import type { Rng } from '../../rng';
import type { Cell } from '../../sequence/cells';
import {
  decodeValue,
  encodeCell,
  encodeColumn,
  fitCodec,
  toModelColumn,
  type CellCodec,
} from '../../sequence/entity-codec';
import { eventsOf, type EntityTable } from '../../sequence/entity-table';
import { newKeys } from '../../sequence/new-keys';
import { entitySignature, entitySignatures } from '../../sequence/signatures';
import { leafOf } from '../cart/cart-tree';
import {
  donor,
  fitSequentialTrees,
  sampleSequentialTrees,
  smoothValue,
  type CartConfig,
  type CartModel,
} from '../cart/sequential-trees';

export { SEQ_TREES_DEFAULTS, type SeqTreesConfig } from './config';

export interface SeqTreesModel {
  kind: 'seq-trees';
  template: Pick<
    EntityTable,
    'key' | 'order' | 'orderKind' | 'subjectColumns' | 'eventColumns' | 'trainingCap' | 'shape'
  >;
  realKeys: string[];
  subjectCodecs: CellCodec[];
  /** Event columns in the order they are drawn: the order column first. */
  drawOrder: number[];
  eventCodecs: CellCodec[];
  /** Whether some training subjects have no events (then the subject model decides it). */
  emptyFlag: boolean;
  subjects: CartModel;
  events: CartModel;
  /** Index in the event model's table of the first drawn column. */
  firstDrawn: number;
  trainingSignatures: Set<string>;
}

const START = '\u0000start';

/** Per event column, the values of the event before (NaN / the start level at an entity's first). */
function previous(codec: CellCodec, values: Float64Array, t: EntityTable): Float64Array {
  const out = new Float64Array(values.length);
  const start = codec.type === 'discrete' ? codec.levels.length : NaN;
  for (let e = 0; e < t.keys.length; e += 1) {
    const from = t.eventStart[e] as number;
    for (let i = from; i < (t.eventStart[e + 1] as number); i += 1)
      out[i] = i === from ? start : (values[i - 1] as number);
  }
  return out;
}

function prevColumn(codec: CellCodec, name: string, values: Float64Array): ModelColumn {
  if (codec.type === 'numeric') return toModelColumn(codec, name, values);
  return {
    type: 'discrete',
    name,
    codes: Int32Array.from(values),
    levels: [...codec.levels, START],
  };
}

/** Rows of the training events the models learn: each entity's first `trainingCap`. */
function cappedRows(t: EntityTable): Int32Array {
  const rows: number[] = [];
  for (let e = 0; e < t.keys.length; e += 1) {
    const from = t.eventStart[e] as number;
    const to = Math.min(t.eventStart[e + 1] as number, from + t.trainingCap);
    for (let i = from; i < to; i += 1) rows.push(i);
  }
  return Int32Array.from(rows);
}

function take(column: ModelColumn, rows: Int32Array): ModelColumn {
  if (column.type === 'numeric')
    return { ...column, values: Float64Array.from(rows, (r) => column.values[r] as number) };
  return { ...column, codes: Int32Array.from(rows, (r) => column.codes[r] as number) };
}

/** The subject model's table: one row per entity (plus "has events" when some have none). */
function subjectTable(t: EntityTable, codecs: CellCodec[], emptyFlag: boolean): ModelTable {
  const columns = codecs.map((c, j) =>
    toModelColumn(c, `s:${c.name}`, encodeColumn(c, t.subjects[j] as Cell[])),
  );
  if (emptyFlag)
    columns.push({
      type: 'discrete',
      name: '__has_events',
      codes: Int32Array.from(t.keys, (_, e) => (eventsOf(t, e) > 0 ? 1 : 0)),
      levels: ['no', 'yes'],
    });
  if (columns.length === 0)
    columns.push({
      type: 'discrete',
      name: '__entity',
      codes: new Int32Array(t.keys.length),
      levels: ['one'],
    });
  return { rows: t.keys.length, columns };
}

/**
 * Fits the subject trees and the event trees on the training entities.
 * @returns a model that holds training rows as donors (never to be saved).
 */
export function fitSeqTrees(
  t: EntityTable,
  config: Partial<SeqTreesConfig>,
  rng: Rng,
): SeqTreesModel {
  const full = { ...SEQ_TREES_DEFAULTS, ...config };
  if (t.keys.length === 0) throw new Error('There are no entities to learn from.');
  const events = t.eventStart[t.keys.length] as number;
  if (events === 0)
    throw new Error('No entity has any event: there is nothing to learn about sequences.');
  const cart: Partial<CartConfig> = {
    minLeaf: full.minLeaf,
    smoothing: full.smoothing,
    forbidCopies: false,
  };
  const subjectCodecs = t.subjectColumns.map((c, j) => fitCodec(c, t.subjects[j] as Cell[]));
  const eventCodecs = t.eventColumns.map((c, j) =>
    fitCodec(c, t.events[j] as Cell[], c === t.order),
  );
  const emptyFlag = t.keys.some((_, e) => eventsOf(t, e) === 0);
  const subjects = fitSequentialTrees(subjectTable(t, subjectCodecs, emptyFlag), cart, rng);

  const orderIndex = t.order === null ? -1 : t.eventColumns.indexOf(t.order);
  const drawOrder = [
    ...(orderIndex >= 0 ? [orderIndex] : []),
    ...t.eventColumns.map((_, j) => j).filter((j) => j !== orderIndex),
  ];
  const encoded = eventCodecs.map((c, j) => encodeColumn(c, t.events[j] as Cell[]));
  const entityOf = new Int32Array(events);
  const step = new Float64Array(events);
  const last = new Int32Array(events);
  for (let e = 0; e < t.keys.length; e += 1)
    for (let i = t.eventStart[e] as number; i < (t.eventStart[e + 1] as number); i += 1) {
      entityOf[i] = e;
      step[i] = i - (t.eventStart[e] as number);
      last[i] = i === (t.eventStart[e + 1] as number) - 1 || step[i] === t.trainingCap - 1 ? 1 : 0;
    }
  const subjectCols = subjectCodecs.map((c, j) => {
    const v = encodeColumn(c, t.subjects[j] as Cell[]);
    return toModelColumn(
      c,
      `s:${c.name}`,
      Float64Array.from(entityOf, (e) => v[e] as number),
    );
  });
  const drawn = drawOrder.map((j) => {
    const codec = eventCodecs[j] as CellCodec;
    const v = encoded[j] as Float64Array;
    if (j !== orderIndex) return toModelColumn(codec, `e:${codec.name}`, v);
    // The order column is learned as the first value, then the gap to the event before.
    const gaps = Float64Array.from(v, (x, i) => (step[i] === 0 ? x : x - (v[i - 1] as number)));
    return {
      type: 'numeric',
      name: `e:${codec.name}`,
      values: gaps,
      integer: codec.type === 'numeric' && codec.decimals === 0,
    } as ModelColumn;
  });
  const columns: ModelColumn[] = [
    ...subjectCols,
    { type: 'numeric', name: '__step', values: step, integer: true },
    ...eventCodecs.map((c, j) =>
      prevColumn(c, `p:${c.name}`, previous(c, encoded[j] as Float64Array, t)),
    ),
    ...drawn,
    { type: 'discrete', name: '__last', codes: last, levels: ['no', 'yes'] },
  ];
  const rows = cappedRows(t);
  const table: ModelTable = { rows: rows.length, columns: columns.map((c) => take(c, rows)) };
  return {
    kind: 'seq-trees',
    template: {
      key: t.key,
      order: t.order,
      orderKind: t.orderKind,
      subjectColumns: t.subjectColumns,
      eventColumns: t.eventColumns,
      trainingCap: t.trainingCap,
      shape: t.shape,
    },
    realKeys: t.keys,
    subjectCodecs,
    drawOrder,
    eventCodecs,
    emptyFlag,
    subjects,
    events: fitSequentialTrees(table, cart, rng),
    firstDrawn: subjectCols.length + 1 + eventCodecs.length,
    trainingSignatures: new Set(entitySignatures(t)),
  };
}

/**
 * Fills `row[from..]` by dropping it down each column's tree and taking a donor's value;
 * columns in `fixed` keep the value given there (later columns' trees see it).
 */
function drawFrom(
  model: CartModel,
  row: Float64Array,
  from: number,
  rng: Rng,
  fixed?: ReadonlyMap<number, number>,
): void {
  const at = (f: number) => row[f] as number;
  for (let j = from; j < model.steps.length; j += 1) {
    const given = fixed?.get(j);
    if (given !== undefined) {
      row[j] = given;
      continue;
    }
    const step = model.steps[j] as CartModel['steps'][number];
    const column = model.table.columns[j] as ModelColumn;
    const leaf = leafOf(step.tree, at);
    const d = donor(step.tree, leaf, rng);
    if (column.type === 'discrete') {
      row[j] = column.codes[d] as number;
      continue;
    }
    let v = column.values[d] as number;
    let node = leaf;
    if (!Number.isNaN(v) && step.valueTree) {
      node = leafOf(step.valueTree, at);
      v = column.values[donor(step.valueTree, node, rng)] as number;
    }
    if (step.bandwidth && step.rule && !Number.isNaN(v))
      v = smoothValue(v, step.bandwidth[node] as number, step.rule, rng);
    row[j] = v;
  }
}

/**
 * The fixed subject cells the subject trees can place, as encoded values by subject column (a
 * category the training subjects never held, or a cell that is no number, is left out).
 */
export function placeFixedSubjects(
  model: SeqTreesModel,
  fixed: Readonly<Record<string, Cell>> = {},
): Map<number, number> {
  const out = new Map<number, number>();
  model.subjectCodecs.forEach((c, j) => {
    if (!Object.hasOwn(fixed, c.name)) return;
    const v = encodeCell(c, fixed[c.name] ?? null);
    if (c.type === 'discrete' ? v >= 0 : !Number.isNaN(v)) out.set(j, v);
  });
  return out;
}

/** Encoded subject rows: [entity][subject model column]; `fixed` columns keep their value. */
function drawSubjects(
  model: SeqTreesModel,
  n: number,
  rng: Rng,
  fixed: ReadonlyMap<number, number> = new Map(),
): Float64Array[] {
  if (fixed.size > 0)
    return Array.from({ length: n }, () => {
      const row = new Float64Array(model.subjects.table.columns.length);
      drawFrom(model.subjects, row, 0, rng, fixed);
      return row;
    });
  const table = sampleSequentialTrees(model.subjects, n, rng);
  return Array.from({ length: n }, (_, e) =>
    Float64Array.from(table.columns, (c) =>
      c.type === 'numeric' ? (c.values[e] as number) : (c.codes[e] as number),
    ),
  );
}

interface DrawnEntity {
  subject: Cell[];
  /** [event][event column], event columns in the table's order. */
  events: Cell[][];
  order: number[];
}

/** Draws one entity's events for an encoded subject row. */
function drawEvents(model: SeqTreesModel, subject: Float64Array, rng: Rng): DrawnEntity {
  const S = model.subjectCodecs.length;
  const E = model.eventCodecs.length;
  const cells = model.subjectCodecs.map((c, j) => decodeValue(c, subject[j] as number));
  const out: DrawnEntity = { subject: cells, events: [], order: [] };
  if (model.emptyFlag && subject[S] === 0) return out;
  const width = model.events.table.columns.length;
  const row = new Float64Array(width);
  for (let j = 0; j < S; j += 1) row[j] = subject[j] as number;
  model.eventCodecs.forEach(
    (c, j) => (row[S + 1 + j] = c.type === 'discrete' ? c.levels.length : NaN),
  );
  const orderIndex =
    model.template.order === null ? -1 : model.template.eventColumns.indexOf(model.template.order);
  let lastOrder = NaN;
  for (let t = 0; t < model.template.trainingCap; t += 1) {
    row[S] = t;
    drawFrom(model.events, row, model.firstDrawn, rng);
    const values = new Float64Array(E);
    model.drawOrder.forEach((j, k) => (values[j] = row[model.firstDrawn + k] as number));
    if (orderIndex >= 0) {
      const v = values[orderIndex] as number;
      // A gap is never negative, so the order written is always valid.
      const value =
        t === 0 || Number.isNaN(lastOrder) ? v : lastOrder + Math.max(0, Number.isNaN(v) ? 0 : v);
      values[orderIndex] = value;
      if (!Number.isNaN(value)) lastOrder = value;
      out.order.push(value);
    }
    out.events.push(model.eventCodecs.map((c, j) => decodeValue(c, values[j] as number)));
    values.forEach((v, j) => (row[S + 1 + j] = v));
    if (row[width - 1] === 1) break;
  }
  return out;
}

/**
 * Draws `n` new entities with new keys (never a real key). An entity that copies a training
 * entity exactly is drawn again (events first, then subject and events), up to `maxRedraws`.
 * @param onProgress called with the share done (0-1).
 */
export function sampleSeqTrees(
  model: SeqTreesModel,
  n: number,
  rng: Rng,
  config: Partial<SeqTreesConfig> = {},
  onProgress?: (share: number) => void,
  fixedCells: Readonly<Record<string, Cell>> = {},
): EntityTable {
  const maxRedraws = config.maxRedraws ?? SEQ_TREES_DEFAULTS.maxRedraws;
  const fixed = placeFixedSubjects(model, fixedCells);
  const draw = (subject: Float64Array): DrawnEntity => {
    const entity = drawEvents(model, subject, rng);
    // the given text, not its re-encoding (a number keeps the digits it was given with)
    for (const j of fixed.keys())
      entity.subject[j] = fixedCells[model.subjectCodecs[j]?.name ?? ''] ?? null;
    return entity;
  };
  const subjects = n > 0 ? drawSubjects(model, n, rng, fixed) : [];
  const drawn: DrawnEntity[] = subjects.map((s, e) => {
    let subject = s;
    let entity = draw(subject);
    for (
      let tries = 0;
      model.trainingSignatures.has(entitySignature(entity.subject, entity.events));
      tries += 1
    ) {
      if (tries >= maxRedraws)
        throw new Error(
          `After ${tries} tries the model could still only write entities that copy a training entity: ` +
            'the data has too few distinct entities for this model.',
        );
      if (tries % 5 === 4) subject = drawSubjects(model, 1, rng, fixed)[0] as Float64Array;
      entity = draw(subject);
    }
    if (onProgress && (e + 1) % 256 === 0) onProgress((e + 1) / n);
    return entity;
  });
  onProgress?.(1);
  return assembleDrawn(model, drawn);
}

/**
 * Writes events for given subjects ("complete these patients"): each keeps its key and subject
 * values, and gets at least one event. `subjects` holds one cell column per subject column of
 * the training table, in that order. Unknown levels go down the trees as no training level.
 */
export function completeSeqTrees(
  model: SeqTreesModel,
  keys: readonly string[],
  subjects: readonly (readonly Cell[])[],
  rng: Rng,
): EntityTable {
  if (subjects.length !== model.subjectCodecs.length)
    throw new Error(
      `Give the subject columns ${model.template.subjectColumns.join(', ')} (${model.subjectCodecs.length}), not ${subjects.length}.`,
    );
  const drawn = keys.map((_, e) => {
    const row = Float64Array.from(model.subjectCodecs, (c, j) =>
      encodeCell(c, subjects[j]?.[e] ?? null),
    );
    const full = model.emptyFlag ? Float64Array.from([...row, 1]) : row;
    const entity = drawEvents(model, full, rng);
    return { ...entity, subject: model.subjectCodecs.map((_, j) => subjects[j]?.[e] ?? null) };
  });
  return { ...assembleDrawn(model, drawn), keys: [...keys] };
}

function assembleDrawn(model: SeqTreesModel, drawn: DrawnEntity[]): EntityTable {
  const eventStart = new Int32Array(drawn.length + 1);
  drawn.forEach((d, e) => (eventStart[e + 1] = (eventStart[e] as number) + d.events.length));
  const all = drawn.flatMap((d) => d.events);
  return {
    ...model.template,
    keys: newKeys(model.realKeys, drawn.length),
    subjects: model.subjectCodecs.map((_, j) => drawn.map((d) => d.subject[j] as Cell)),
    eventStart,
    events: model.eventCodecs.map((_, j) => all.map((ev) => ev[j] as Cell)),
    orderValues: Float64Array.from(
      drawn.flatMap((d) => (d.order.length ? d.order : d.events.map(() => NaN))),
    ),
  };
}
