/**
 * Predicates over the rows of an attack table ("age >= 71 and occupation = Farming-fishing") and
 * a fast count of the rows they match: through the posting list of the rarest category the
 * predicate names when it names one, over every row otherwise, stopping once `cap` rows match.
 */
import type { AttackRows } from './attack-table';

export type PredicateOp = 'eq' | 'ne' | 'le' | 'ge' | 'lt' | 'gt' | 'missing' | 'present';

/** One condition on one column; `value` is a scaled number or a level code. */
export interface Condition {
  column: number;
  op: PredicateOp;
  value: number;
}

/** A conjunction of conditions, each on a different column. */
export type Predicate = Condition[];

/** Rows of a table with each level of a categorical column: `lists[column].get(code)`. */
export interface CountableRows {
  table: AttackRows;
  lists: (Map<number, Int32Array> | null)[];
}

/** Posting lists of the categorical columns (`numeric[c]` true leaves column c without one). */
export function countable(table: AttackRows, numeric: readonly boolean[]): CountableRows {
  const lists = table.values.map((values, c) => {
    if (numeric[c]) return null;
    const grouped = new Map<number, number[]>();
    for (let i = 0; i < table.rows; i += 1) {
      const code = values[i] as number;
      let list = grouped.get(code);
      if (!list) grouped.set(code, (list = []));
      list.push(i);
    }
    return new Map([...grouped].map(([code, rows]) => [code, Int32Array.from(rows)]));
  });
  return { table, lists };
}

function holds(c: Condition, x: number): boolean {
  switch (c.op) {
    case 'eq':
      return x === c.value;
    case 'ne':
      return x === x && x !== c.value;
    case 'le':
      return x <= c.value;
    case 'ge':
      return x >= c.value;
    case 'lt':
      return x < c.value;
    case 'gt':
      return x > c.value;
    case 'missing':
      return x !== x;
    case 'present':
      return x === x;
  }
}

function matches(rows: AttackRows, predicate: Predicate, row: number): boolean {
  for (const c of predicate)
    if (!holds(c, (rows.values[c.column] as Float64Array)[row] as number)) return false;
  return true;
}

/** Number of rows matching `predicate`, counted up to `cap` (the answer is then `cap`). */
export function countMatches(rows: CountableRows, predicate: Predicate, cap: number): number {
  let shortest: Int32Array | null = null;
  for (const c of predicate) {
    const lists = rows.lists[c.column];
    if (c.op !== 'eq' || !lists) continue;
    const list = lists.get(c.value) ?? new Int32Array(0);
    if (!shortest || list.length < shortest.length) shortest = list;
  }
  let count = 0;
  if (shortest) {
    for (const row of shortest) {
      if (matches(rows.table, predicate, row) && (count += 1) >= cap) return cap;
    }
    return count;
  }
  for (let row = 0; row < rows.table.rows; row += 1) {
    if (matches(rows.table, predicate, row) && (count += 1) >= cap) return cap;
  }
  return count;
}

/** A key that is the same for the same conditions in any order. */
export function predicateKey(predicate: Predicate): string {
  return predicate
    .map((c) => `${c.column}${c.op}${c.value}`)
    .sort()
    .join('&');
}
