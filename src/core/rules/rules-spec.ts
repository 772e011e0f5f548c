/**
 * Rules without data: a table defined column by column (a distribution, a template or a
 * formula over other columns) plus constraints, generated to any number of rows. For teaching,
 * test data and demos. Validation names every mistake in the user's words before anything is
 * drawn; constraints are met by reject sampling.
 */
import { formatDatetime } from '../data/datetime-format';
import type { DiscreteColumn, ModelColumn, ModelTable } from '../data/model-table';
import type { Rng } from '../rng';
import {
  bindConstraints,
  ConstraintError,
  type BoundConstraint,
  type ColumnInfo,
  type Constraint,
} from './constraints';
import { evaluate } from './expression';
import { sampleWithRejection, type RejectLimits } from './reject-sampler';
import {
  compileColumn,
  finite,
  kindOf,
  RULE_TYPES,
  RulesError,
  type CompiledColumn,
  type RuleColumn,
} from './rule-columns';
import { viewOfModelTable } from './table-view';
import { fillTemplateMany } from './template';
import { makeRowValidator } from './validity';

export { RulesError, type RuleColumn, type RuleType } from './rule-columns';

export interface RulesSpec {
  columns: RuleColumn[];
  constraints?: Constraint[];
}

/** A rules spec checked and ready to draw from. */
export interface CompiledRules {
  names: string[];
  infos: ColumnInfo[];
  columns: CompiledColumn[];
  /** Indices of `columns` in drawing order (formulas after what they read). */
  order: number[];
  constraints: BoundConstraint[];
}

function drawingOrder(columns: CompiledColumn[], names: string[]): number[] {
  const index = new Map(names.map((n, i) => [n, i]));
  const order: number[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (i: number, path: string[]) => {
    if (state.get(i) === 'done') return;
    if (state.get(i) === 'visiting')
      throw new RulesError(
        `The formulas go round in a circle: ${[...path, names[i]].join(' -> ')}.`,
      );
    state.set(i, 'visiting');
    const c = columns[i] as CompiledColumn;
    if (c.kind === 'formula') {
      for (const input of c.inputs) {
        const j = index.get(input);
        if (j === undefined)
          throw new RulesError(
            `Column ${names[i]}: the formula reads "${input}", which is not a column.`,
          );
        const k = (columns[j] as CompiledColumn).kind;
        if (k !== 'number' && k !== 'formula')
          throw new RulesError(
            `Column ${names[i]}: the formula reads ${input}, which is ${k}; formulas read number columns.`,
          );
        visit(j, [...path, names[i] as string]);
      }
    }
    state.set(i, 'done');
    order.push(i);
  };
  columns.forEach((_, i) => visit(i, []));
  return order;
}

/**
 * Checks a rules spec and prepares it for drawing.
 *
 * @throws RulesError listing every mistake found, one per line.
 */
export function compileRules(spec: RulesSpec): CompiledRules {
  if (
    !spec ||
    typeof spec !== 'object' ||
    !Array.isArray(spec.columns) ||
    spec.columns.length === 0
  )
    throw new RulesError('A rules spec needs a list of columns.');
  const errors: string[] = [];
  const names: string[] = [];
  const columns: CompiledColumn[] = [];
  spec.columns.forEach((rule, i) => {
    const name = typeof rule?.name === 'string' ? rule.name.trim() : '';
    if (name === '') errors.push(`Column ${i + 1} has no name.`);
    else if (names.includes(name)) errors.push(`Two columns are named ${name}.`);
    if (!RULE_TYPES.includes(rule?.type))
      errors.push(
        `Column ${name || i + 1}: the type "${String(rule?.type)}" is not one of ${RULE_TYPES.join(', ')}.`,
      );
    else if (
      rule.missing !== undefined &&
      !(finite(rule.missing) && rule.missing >= 0 && rule.missing < 1)
    )
      errors.push(`Column ${name || i + 1}: missing is a share from 0 up to (not including) 1.`);
    else {
      try {
        columns.push(compileColumn({ ...rule, name }));
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
      }
    }
    names.push(name);
  });
  if (errors.length > 0) throw new RulesError(errors.join('\n'));
  const order = drawingOrder(columns, names);
  const infos: ColumnInfo[] = columns.map((c, i) => ({
    name: names[i] as string,
    kind: kindOf(c),
    datetimeFormat: c.kind === 'datetime' ? c.format : null,
  }));
  const constraints = bindRuleConstraints(spec.constraints ?? [], infos);
  return { names, infos, columns, order, constraints };
}

function bindRuleConstraints(constraints: Constraint[], infos: ColumnInfo[]): BoundConstraint[] {
  if (!Array.isArray(constraints)) throw new RulesError('The constraints must be a list.');
  let bound: BoundConstraint[];
  try {
    bound = bindConstraints(constraints, infos);
  } catch (e) {
    throw new RulesError(e instanceof ConstraintError ? e.message : String(e));
  }
  for (const c of bound)
    if (c.kind === 'fixed-combinations' && !c.combinations)
      throw new RulesError(
        `Without data there are no combinations to learn: list the combinations of ${c.columns.join(', ')}.`,
      );
  return bound;
}

const roundTo = (x: number, decimals: number) =>
  Number.isFinite(x) && Math.abs(x) < 1e21 ? Number(x.toFixed(decimals)) : x;

/** One batch of rows in model form, each value already as it will be written. */
function drawBatch(
  rules: CompiledRules,
  n: number,
  rng: Rng,
  taken: Map<number, Set<string>>,
): ModelTable {
  const out = new Array<ModelColumn>(rules.columns.length);
  const numbers = new Map<string, Float64Array>();
  for (const i of rules.order) {
    const c = rules.columns[i] as CompiledColumn;
    const name = rules.names[i] as string;
    const missing = c.rule.missing ?? 0;
    const skip = () => missing > 0 && rng.uniform() < missing;
    if (c.kind === 'categorical' || c.kind === 'template') {
      out[i] = drawDiscrete(c, name, n, rng, skip, taken.get(i));
      continue;
    }
    const values = new Float64Array(n);
    for (let r = 0; r < n; r += 1) {
      let x: number;
      if (c.kind === 'number') x = roundTo(c.draw(rng), c.decimals);
      else if (c.kind === 'formula')
        x = roundTo(
          evaluate(c.expr, (ref) => numbers.get(ref)?.[r] ?? NaN),
          c.decimals,
        );
      else x = Math.round((c.start + (c.end - c.start) * rng.uniform()) / c.step) * c.step;
      values[r] = skip() || !Number.isFinite(x) ? NaN : x;
    }
    numbers.set(name, values);
    out[i] = { type: 'numeric', name, values, integer: c.kind === 'datetime' || c.decimals === 0 };
  }
  return { rows: n, columns: out };
}

function drawDiscrete(
  c: Extract<CompiledColumn, { kind: 'categorical' | 'template' }>,
  name: string,
  n: number,
  rng: Rng,
  skip: () => boolean,
  taken: Set<string> | undefined,
): DiscreteColumn {
  const codes = new Int32Array(n);
  if (c.kind === 'categorical') {
    const levels: (string | null)[] = [...c.values, null];
    for (let r = 0; r < n; r += 1) codes[r] = skip() ? c.values.length : rng.weighted(c.weights);
    return { type: 'discrete', name, codes, levels };
  }
  // Unique within the batch and apart from the rows already kept (`taken`); a value joins
  // `taken` only once its row is accepted, so rejected rows do not use the template up.
  const values = c.unique
    ? fillTemplateMany(c.template, n, rng, new Set(), taken)
    : fillTemplateMany(c.template, n, rng);
  const levels: (string | null)[] = [...values, null];
  for (let r = 0; r < n; r += 1) codes[r] = skip() ? n : r;
  return { type: 'discrete', name, codes, levels };
}

/** How many more rows the unique templates can write (their values left unused). */
function room(rules: CompiledRules, taken: ReadonlyMap<number, ReadonlySet<string>>): number {
  let left = Infinity;
  for (const [i, kept] of taken) {
    const c = rules.columns[i];
    if (c?.kind === 'template') left = Math.min(left, c.template.capacity - kept.size);
  }
  return Math.max(0, left);
}

/** The rows of a drawn table as the strings to write. */
function writeRows(rules: CompiledRules, table: ModelTable): string[][] {
  const cells = rules.columns.map((c, i) => {
    const column = table.columns[i] as ModelColumn;
    if (column.type === 'discrete')
      return Array.from(column.codes, (code) => column.levels[code] ?? '');
    return Array.from(column.values, (x) => {
      if (Number.isNaN(x)) return '';
      if (c.kind === 'datetime') return formatDatetime(x, c.format);
      return x.toFixed(c.kind === 'number' || c.kind === 'formula' ? c.decimals : 0);
    });
  });
  const rows = new Array<string[]>(table.rows);
  for (let r = 0; r < table.rows; r += 1) rows[r] = cells.map((col) => col[r] ?? '');
  return rows;
}

export interface RulesResult {
  names: string[];
  rows: string[][];
  /** True when the constraints let fewer than the rows asked for be found in time. */
  partial: boolean;
  message: string | null;
}

/**
 * Generates `rows` rows from a rules spec: each column drawn as its rule says, formulas
 * computed per row, rows that break a constraint drawn again.
 *
 * @throws RulesError when the spec is wrong (every mistake listed) or asks the impossible.
 */
export async function generateFromRules(
  spec: RulesSpec,
  rows: number,
  rng: Rng,
  limits: RejectLimits = {},
): Promise<RulesResult> {
  if (!Number.isInteger(rows) || rows < 1)
    throw new RulesError(`The number of rows must be a whole number of at least 1, not ${rows}.`);
  const rules = compileRules(spec);
  const taken = new Map<number, Set<string>>();
  rules.columns.forEach((c, i) => {
    if (c.kind !== 'template' || !c.unique) return;
    if (rows > c.template.capacity)
      throw new RulesError(
        `Column ${rules.names[i]}: the template ${c.template.text} can write only ${c.template.capacity} distinct values, fewer than ${rows} rows.`,
      );
    taken.set(i, new Set());
  });
  const datetimes = new Set(rules.infos.filter((x) => x.kind === 'datetime').map((x) => x.name));
  const validator = makeRowValidator(rules.constraints);
  const accept = (t: ModelTable) => {
    const mask = validator(viewOfModelTable(t, datetimes));
    for (const [i, kept] of taken) {
      const column = t.columns[i];
      if (column?.type !== 'discrete') continue;
      for (let r = 0; r < t.rows; r += 1) {
        const value = column.levels[column.codes[r] as number];
        if (mask[r] && typeof value === 'string') kept.add(value);
      }
    }
    return mask;
  };
  const result = await sampleWithRejection(
    (n) => Promise.resolve(drawBatch(rules, Math.min(n, room(rules, taken)), rng, taken)),
    accept,
    rows,
    limits,
  );
  return {
    names: rules.names,
    rows: writeRows(rules, result.table),
    partial: result.partial,
    message: result.message,
  };
}
