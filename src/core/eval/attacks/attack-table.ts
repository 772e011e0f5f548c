/**
 * The three tables an attack sees (training rows, control rows, synthetic rows) in one numeric
 * space, column by column: numeric columns scaled by the training rows' range (so a distance of 1
 * is the whole range), categorical columns as shared level codes. Built once per attack run, so
 * every nearest-neighbour search and predicate count works on typed arrays.
 */
import type { ModelTable } from '../../data/model-table';

/** One column of the attack space. */
export interface AttackColumn {
  name: string;
  numeric: boolean;
  /** Training minimum and range (numeric columns; 0 and 1 otherwise): raw = lo + scaled * range. */
  lo: number;
  range: number;
  /** Chance that two training rows agree on this column (categorical), 0 for numeric. */
  purity: number;
}

/** One table in the attack space: `values[c][row]` is a scaled number or a level code; NaN = missing. */
export interface AttackRows {
  rows: number;
  values: Float64Array[];
}

export interface AttackSpace {
  columns: AttackColumn[];
  train: AttackRows;
  control: AttackRows;
  synth: AttackRows;
}

function columnSpec(train: ModelTable, name: string): AttackColumn {
  const col = train.columns.find((c) => c.name === name);
  if (!col) throw new Error(`There is no column "${name}".`);
  if (col.type === 'numeric') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of col.values) {
      if (Number.isNaN(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo > hi) [lo, hi] = [0, 0];
    return { name, numeric: true, lo, range: hi - lo > 0 ? hi - lo : 1, purity: 0 };
  }
  const counts = new Float64Array(col.levels.length);
  for (const c of col.codes) counts[c] = (counts[c] as number) + 1;
  let purity = 0;
  for (const n of counts) purity += (n / Math.max(1, col.codes.length)) ** 2;
  return { name, numeric: false, lo: 0, range: 1, purity };
}

function rowsOf(table: ModelTable, columns: AttackColumn[], what: string): AttackRows {
  const values = columns.map((spec) => {
    const col = table.columns.find((c) => c.name === spec.name);
    if (!col || (col.type === 'numeric') !== spec.numeric) {
      throw new Error(
        `The ${what} rows have no ${spec.numeric ? 'numeric' : 'categorical'} column "${spec.name}".`,
      );
    }
    const out = new Float64Array(table.rows);
    if (col.type === 'numeric') {
      for (let i = 0; i < table.rows; i += 1)
        out[i] = ((col.values[i] as number) - spec.lo) / spec.range;
    } else {
      for (let i = 0; i < table.rows; i += 1) out[i] = col.codes[i] as number;
    }
    return out;
  });
  return { rows: table.rows, values };
}

/**
 * The attack space of three tables encoded with one codec (see eval-tables.ts), over every
 * column they share.
 */
export function attackSpace(
  train: ModelTable,
  control: ModelTable,
  synth: ModelTable,
): AttackSpace {
  const columns = train.columns.map((c) => columnSpec(train, c.name));
  return {
    columns,
    train: rowsOf(train, columns, 'training'),
    control: rowsOf(control, columns, 'holdout'),
    synth: rowsOf(synth, columns, 'synthetic'),
  };
}

/** A scaled value back in the column's own units. */
export function rawValue(column: AttackColumn, scaled: number): number {
  return column.lo + scaled * column.range;
}
