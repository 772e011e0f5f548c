/**
 * The reference side of the DCR search: training rows grouped by their categorical values (a
 * row of another group is at least one whole mismatch away), each group sorted on one numeric
 * key (a lower bound of the numeric distance) and boxed by the range of every numeric column, plus, per categorical column and
 * level, the groups holding that level, so a query finds the groups within t mismatches without
 * looking at all of them.
 */
/** Rows laid out for distance computation: row-major typed arrays. */
export interface DcrMatrix {
  rows: number;
  /** `[rows, numCols]` values scaled by the training range (NaN = missing). */
  num: Float64Array;
  numCols: number;
  /** `[rows, catCols]` level codes (the missing level is a code like any other). */
  cat: Int32Array;
  catCols: number;
}

/** Reference rows sharing every categorical value, ordered on their sum key (see sumKey). */
export interface Group {
  rows: Int32Array;
  keys: Float64Array;
}

export interface GroupedRef {
  m: DcrMatrix;
  groups: Group[];
  /** `[groups, catCols]` the categorical codes of each group. */
  cats: Int32Array;
  index: Map<string, number>;
  /** `[groups, numCols]` each group's smallest and largest present value (NaN when none). */
  lo: Float64Array;
  hi: Float64Array;
  /** `[groups, numCols]` 1 where some row of the group is missing the value. */
  anyMissing: Uint8Array;
  /** Per categorical column, level code -> the groups holding it. */
  byLevel: Map<number, Int32Array>[];
}

/** Fills each group's numeric box: the range of its present values and whether any is missing. */
function boxes(ref: DcrMatrix, groups: Group[]): Pick<GroupedRef, 'lo' | 'hi' | 'anyMissing'> {
  const n = ref.numCols;
  const lo = new Float64Array(groups.length * n).fill(NaN);
  const hi = new Float64Array(groups.length * n).fill(NaN);
  const anyMissing = new Uint8Array(groups.length * n);
  groups.forEach((group, g) => {
    for (const row of group.rows) {
      for (let j = 0; j < n; j += 1) {
        const v = ref.num[row * n + j] as number;
        const at = g * n + j;
        if (v !== v) anyMissing[at] = 1;
        else {
          if (!(v >= (lo[at] as number))) lo[at] = v;
          if (!(v <= (hi[at] as number))) hi[at] = v;
        }
      }
    }
  });
  return { lo, hi, anyMissing };
}

/**
 * A lower bound of the distance from query row `qi` to any row of group `g`: its categorical
 * mismatches plus, per numeric column, the distance from the query value to the group's range.
 */
export function groupBound(
  q: DcrMatrix,
  qi: number,
  ref: GroupedRef,
  g: number,
  mismatches: number,
): number {
  let s = mismatches;
  const n = q.numCols;
  for (let j = 0; j < n; j += 1) {
    const x = q.num[qi * n + j] as number;
    const at = g * n + j;
    const lo = ref.lo[at] as number;
    if (x !== x) s += ref.anyMissing[at] ? 0 : 1;
    else if (lo !== lo) s += 1;
    else {
      const hi = ref.hi[at] as number;
      const d = x < lo ? lo - x : x > hi ? x - hi : 0;
      s += d < 1 ? d : 1;
    }
  }
  return s;
}

export function catKey(m: DcrMatrix, i: number): string {
  let key = '';
  for (let j = 0; j < m.catCols; j += 1) key += `${m.cat[i * m.catCols + j] as number},`;
  return key;
}

/**
 * The sort key of a row: the sum over numeric columns of its value clamped to [0, 1], a missing
 * value counting 0.5. Clamping moves no two values further apart and never more than 1, so
 * |key(q) - key(r)| is at most the summed numeric distance of q and r: a lower bound that prunes
 * about sqrt(columns) times better than any single column.
 */
export function sumKey(m: DcrMatrix, i: number): number {
  let s = 0;
  for (let j = 0; j < m.numCols; j += 1) {
    const v = m.num[i * m.numCols + j] as number;
    s += v !== v ? 0.5 : v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return s;
}

export function groupRef(ref: DcrMatrix): GroupedRef {
  const index = new Map<string, number>();
  const members: number[][] = [];
  for (let i = 0; i < ref.rows; i += 1) {
    const k = catKey(ref, i);
    let g = index.get(k);
    if (g === undefined) {
      g = members.length;
      index.set(k, g);
      members.push([]);
    }
    (members[g] as number[]).push(i);
  }
  const rowKeys = new Float64Array(ref.rows);
  for (let i = 0; i < ref.rows; i += 1) rowKeys[i] = sumKey(ref, i);
  const cats = new Int32Array(members.length * ref.catCols);
  const groups = members.map((list, g): Group => {
    const first = list[0] as number;
    for (let j = 0; j < ref.catCols; j += 1)
      cats[g * ref.catCols + j] = ref.cat[first * ref.catCols + j] as number;
    const rows = Int32Array.from(list).sort(
      (a, b) => (rowKeys[a] as number) - (rowKeys[b] as number),
    );
    return { rows, keys: Float64Array.from(rows, (i) => rowKeys[i] as number) };
  });
  return {
    m: ref,
    groups,
    cats,
    index,
    ...boxes(ref, groups),
    byLevel: levelLists(ref.catCols, cats, groups.length),
  };
}

/** Per categorical column, level code -> the groups holding that level. */
function levelLists(catCols: number, cats: Int32Array, count: number): Map<number, Int32Array>[] {
  return Array.from({ length: catCols }, (_, j) => {
    const lists = new Map<number, number[]>();
    for (let g = 0; g < count; g += 1) {
      const level = cats[g * catCols + j] as number;
      const list = lists.get(level);
      if (list) list.push(g);
      else lists.set(level, [g]);
    }
    return new Map([...lists].map(([level, list]) => [level, Int32Array.from(list)]));
  });
}
