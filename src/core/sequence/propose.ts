/**
 * Proposing the entity key and the order column of a long table. A key repeats (entities have
 * several events) and the columns constant within its entities are the entity's own; an order
 * column is a number or date that rarely goes down within an entity in file order.
 */
import { cellDate, cellNumber, type Cell, type CellTable } from './cells';
import { entitiesOfKeys, findSubjectColumns } from './read-long';

export interface KeyProposal {
  key: string;
  order: string | null;
  subjectColumns: string[];
  entities: number;
  /** Higher is more likely; for ranking only. */
  score: number;
  reason: string;
}

const KEY_NAME =
  /(^|[_\s.-])(id|key|code|no|number)$|^id|id$|^(chick|patient|customer|user|subject|account|device|meter|student)/i;
const ORDER_NAME = /(time|date|day|step|seq|order|index|visit|period|week|month|year|^t$)/i;

/** Per row, the number (or date) a column holds, and whether most of it reads as one. */
function orderValues(cells: readonly Cell[]): Float64Array | null {
  let present = 0;
  let nums = 0;
  let dates = 0;
  for (const c of cells) {
    if (c === null) continue;
    present += 1;
    if (Number.isFinite(cellNumber(c))) nums += 1;
    else if (Number.isFinite(cellDate(c))) dates += 1;
  }
  if (present === 0) return null;
  if (nums >= 0.99 * present) return Float64Array.from(cells, (c) => cellNumber(c));
  if (dates >= 0.95 * present) return Float64Array.from(cells, (c) => cellDate(c));
  return null;
}

/** Share of entities (of those with 2+ events) whose values never go down in file order, and never all equal. */
function monotoneShare(values: Float64Array, entityOf: Int32Array, entities: number): number {
  const last = new Float64Array(entities).fill(NaN);
  const down = new Uint8Array(entities);
  const moved = new Uint8Array(entities);
  const seen = new Int32Array(entities);
  values.forEach((v, i) => {
    const e = entityOf[i] as number;
    if (e < 0 || Number.isNaN(v)) return;
    seen[e] = (seen[e] as number) + 1;
    const prev = last[e] as number;
    if (!Number.isNaN(prev)) {
      if (v < prev) down[e] = 1;
      if (v !== prev) moved[e] = 1;
    }
    last[e] = v;
  });
  let multi = 0;
  let ok = 0;
  for (let e = 0; e < entities; e += 1) {
    if ((seen[e] as number) < 2) continue;
    multi += 1;
    if (!down[e] && moved[e]) ok += 1;
  }
  return multi === 0 ? 0 : ok / multi;
}

/**
 * Ranks every column as the entity key (best first), each with its best order column and the
 * subject columns it implies. Columns where every value is distinct, or all one value, are not
 * keys.
 */
export function proposeKeys(table: CellTable): KeyProposal[] {
  const numeric = table.columns.map((c) => orderValues(c));
  const out: KeyProposal[] = [];
  table.names.forEach((key, j) => {
    const { keys, entityOf } = entitiesOfKeys(table.columns[j] as Cell[]);
    const present = entityOf.reduce((s, e) => s + (e >= 0 ? 1 : 0), 0);
    if (keys.length < 2 || keys.length >= present) return;
    let order: string | null = null;
    let best = 0;
    table.names.forEach((name, k) => {
      const values = numeric[k];
      if (k === j || !values) return;
      const share =
        monotoneShare(values, entityOf, keys.length) + (ORDER_NAME.test(name) ? 0.05 : 0);
      if (share >= 0.9 && share > best) {
        best = share;
        order = name;
      }
    });
    const subjectColumns = findSubjectColumns(table, key, order);
    const perEntity = present / keys.length;
    const named = KEY_NAME.test(key);
    const score =
      (order ? 2 : 0) +
      subjectColumns.length +
      (named ? 1.5 : 0) +
      Math.min(1, (perEntity - 1) / 4);
    const reasons = [
      `${keys.length} entities, ${perEntity.toFixed(1)} events each on average`,
      order ? `"${order}" goes up within entities` : 'no column orders the events',
      subjectColumns.length
        ? `constant within entities: ${subjectColumns.join(', ')}`
        : 'no column is constant within entities',
    ];
    out.push({
      key,
      order,
      subjectColumns,
      entities: keys.length,
      score,
      reason: reasons.join('; '),
    });
  });
  return out.sort((a, b) => b.score - a.score);
}
