/**
 * Constraints and conditions around a trained model, in the order the pipeline needs them:
 * 1. `fitConstraintPlan` on the training data: bind the constraints to the table, check the
 *    real rows (count and examples of each broken rule), learn the fixed combinations and fit
 *    the reversible rewrites;
 * 2. `transformForTraining` on the model table before the transformer/model are fitted;
 * 3. `sampleConstrained` after training: draw from the model, rewrite back, keep the rows that
 *    meet every constraint and condition (reject sampling, partial with a message when rare);
 * 4. `finishWrittenRows` on the strings `fromModelTable` wrote: identifiers take their format
 *    template, and a last check drops (and counts) any row that breaks a rule;
 *    `checkWrittenRows` reports on exported rows the same way as on the real ones.
 * The plan is plain JSON, so it is saved in the model file and holds no training rows beyond
 * the category combinations a fixed-combinations constraint allows.
 */
import { isModelled, type CodecState } from '../data/codec-state';
import type { ModelTable } from '../data/model-table';
import type { Rng } from '../rng';
import type { RawTable, Schema } from '../types';
import { bindConditions, type Condition } from './conditions';
import {
  bindConstraints,
  ConstraintError,
  type BoundConstraint,
  type ColumnInfo,
  type Constraint,
} from './constraints';
import { sampleWithRejection, type RejectLimits, type RejectResult } from './reject-sampler';
import { viewOfModelTable, viewOfRaw, viewOfRows } from './table-view';
import { fillTemplateMany } from './template';
import {
  applyConstraintTransforms,
  fitConstraintTransforms,
  invertConstraintTransforms,
  type ConstraintTransformState,
} from './transforms';
import {
  checkConstraints,
  learnCombinations,
  makeRowValidator,
  type ConstraintCheck,
} from './validity';
import { gridsOfCodec } from './write-grid';

export interface ConstraintPlan {
  version: 1;
  constraints: Constraint[];
  /** The modelled and written columns the constraints were bound to. */
  columns: ColumnInfo[];
  transforms: ConstraintTransformState;
  /** Per fixed-combinations constraint without a listed set (index into constraints): the keys seen. */
  learned: Record<number, string[]>;
}

export interface PlanOptions {
  /** As the codec options will say at write-back (default false: clipped to the data's range). */
  allowOutOfRange?: boolean;
  /**
   * Keep constraints by reversible rewrites of the training table (default true). False leaves
   * every constraint to reject sampling, for a model trained on the table as it is (the
   * rewritten table must be what the model learned: see `transformForTraining`).
   */
  rewrite?: boolean;
}

/** The columns of a codec, for binding (the codec holds every written column). */
export function columnsOfCodec(codec: CodecState): ColumnInfo[] {
  return codec.columns.map((c) => ({
    name: c.name,
    kind: c.kind,
    datetimeFormat: c.kind === 'datetime' ? c.datetimeFormat : null,
  }));
}

function datetimesOf(columns: readonly ColumnInfo[]): Set<string> {
  return new Set(columns.filter((c) => c.kind === 'datetime').map((c) => c.name));
}

/**
 * Checks the constraints on the real rows and fits what sampling will need.
 *
 * @param trainingTable the codec's model table of the training rows.
 * @returns the plan and, per constraint, how many real rows break it with examples.
 * @throws ConstraintError when a constraint does not fit the schema (every mistake listed).
 */
export function fitConstraintPlan(
  constraints: readonly Constraint[],
  raw: RawTable,
  schema: Schema,
  codec: CodecState,
  trainingTable: ModelTable,
  options: PlanOptions = {},
): { plan: ConstraintPlan; checks: ConstraintCheck[] } {
  const columns = columnsOfCodec(codec);
  const bound = bindConstraints(constraints, columns);
  const checks = checkConstraints(viewOfRaw(raw, schema, codec), bound);
  const allowOutOfRange = options.allowOutOfRange ?? false;
  const { state } = fitConstraintTransforms(trainingTable, options.rewrite === false ? [] : bound, {
    codec,
    allowOutOfRange,
  });
  const view = viewOfModelTable(trainingTable, datetimesOf(columns));
  const learned: Record<number, string[]> = {};
  bound.forEach((c, i) => {
    if (c.kind === 'fixed-combinations' && !c.combinations)
      learned[i] = [...learnCombinations(view, c.columns)];
  });
  return {
    plan: { version: 1, constraints: [...constraints], columns, transforms: state, learned },
    checks,
  };
}

/** The training table as the model should learn it (constraints rewritten). */
export function transformForTraining(plan: ConstraintPlan, table: ModelTable): ModelTable {
  return applyConstraintTransforms(plan.transforms, table);
}

/** Rows the model drew (in the rewritten form it learned) in the real table's form. */
export function realTable(plan: ConstraintPlan | null, table: ModelTable): ModelTable {
  return plan && plan.transforms.steps.length > 0
    ? invertConstraintTransforms(plan.transforms, table)
    : table;
}

function learnedOf(plan: ConstraintPlan): Map<number, Set<string>> {
  return new Map(Object.entries(plan.learned).map(([i, keys]) => [Number(i), new Set(keys)]));
}

function boundOf(plan: ConstraintPlan): BoundConstraint[] {
  return bindConstraints(plan.constraints, plan.columns);
}

/** A validator over model tables for the plan's constraints plus `conditions`. */
export function planValidator(
  plan: ConstraintPlan,
  conditions: readonly Condition[] = [],
): (t: ModelTable) => Uint8Array {
  const bound = [...boundOf(plan), ...bindConditions(conditions, plan.columns)];
  const validate = makeRowValidator(bound, learnedOf(plan));
  const datetimes = datetimesOf(plan.columns);
  return (t) => validate(viewOfModelTable(t, datetimes));
}

/**
 * Draws `rows` rows that keep every constraint and condition.
 *
 * @param drawModel samples `n` rows from the model, in the model's (rewritten) form.
 * @returns rows in the codec's model form, ready for `fromModelTable`; partial with a message
 *   when a condition or constraint is too rare to meet within `limits`.
 */
export function sampleConstrained(
  plan: ConstraintPlan,
  drawModel: (n: number) => Promise<ModelTable>,
  rows: number,
  conditions: readonly Condition[] = [],
  limits: RejectLimits = {},
): Promise<RejectResult> {
  const accept = planValidator(plan, conditions);
  return sampleWithRejection(
    async (n) => invertConstraintTransforms(plan.transforms, await drawModel(n)),
    accept,
    rows,
    limits,
  );
}

/**
 * Checks the strings about to be written (the output of `fromModelTable`), including the
 * columns only the codec writes (identifiers, text). Every count should be 0.
 */
export function checkWrittenRows(
  plan: ConstraintPlan,
  codec: CodecState,
  names: readonly string[],
  rows: readonly (readonly string[])[],
): ConstraintCheck[] {
  return checkConstraints(viewOfRows(names, rows, codec), boundOf(plan), learnedOf(plan));
}

/**
 * The last step before export. Columns the codec writes without a model (identifiers, text)
 * get fresh values from their format template, unique when a uniqueness constraint covers the
 * column alone; then any row that still breaks a constraint is dropped and counted, so every
 * exported row keeps every rule (the count should be 0: say so to the user when it is not).
 */
export function finishWrittenRows(
  plan: ConstraintPlan,
  codec: CodecState,
  names: readonly string[],
  rows: readonly (readonly string[])[],
  rng: Rng,
): { rows: string[][]; dropped: number } {
  const out = rows.map((r) => [...r]);
  const bound = boundOf(plan);
  const unmodelled = new Set(codec.columns.filter((c) => !isModelled(c)).map((c) => c.name));
  for (const c of bound) {
    if (c.kind !== 'format' || !unmodelled.has(c.column)) continue;
    const at = names.indexOf(c.column);
    if (at < 0) continue;
    const unique = bound.some(
      (u) => u.kind === 'unique' && u.columns.length === 1 && u.columns[0] === c.column,
    );
    const present = out.filter((r) => !missingCell(codec, r[at] ?? ''));
    const values = fillTemplateMany(
      c.template,
      present.length,
      rng,
      unique ? new Set() : undefined,
    );
    present.forEach((r, i) => {
      r[at] = values[i] as string;
    });
  }
  const view = viewOfRows(names, out, codec);
  const validate = makeRowValidator(bound, learnedOf(plan));
  const mask = validate(view);
  const kept = out.filter((_, r) => mask[r] === 1);
  return { rows: kept, dropped: out.length - kept.length };
}

function missingCell(codec: CodecState, cell: string): boolean {
  return codec.missingTokens.includes(cell.trim());
}

/** A plan with no constraints, for conditions alone (nothing is rewritten). */
export function planWithoutConstraints(codec: CodecState): ConstraintPlan {
  return {
    version: 1,
    constraints: [],
    columns: columnsOfCodec(codec),
    transforms: { version: 1, steps: [], grids: gridsOfCodec(codec), integers: [] },
    learned: {},
  };
}

/**
 * Conditions no row can meet because the training rows never held the value (a category the
 * codec does not know), told before any sampling; null when every value is known.
 */
export function unknownConditionValues(
  conditions: readonly Condition[],
  codec: CodecState,
): string | null {
  const problems: string[] = [];
  for (const cond of conditions) {
    const c = codec.columns.find((x) => x.name === cond.column);
    if (!c || (c.kind !== 'categorical' && c.kind !== 'boolean')) continue;
    const known = c.levels.filter((l): l is string => l !== null);
    if (!known.includes(cond.value))
      problems.push(
        `${cond.column} is never "${cond.value}" in the data (its values: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', ...' : ''}).`,
      );
  }
  return problems.length > 0 ? problems.join('\n') : null;
}

/**
 * A plan for a saved model sampled without its data (`--load` with `--constraints`): every
 * constraint left to reject sampling, since the model learned the table as it was.
 *
 * @throws ConstraintError for fixed combinations with nothing to learn them from.
 */
export function planWithoutData(
  constraints: readonly Constraint[],
  codec: CodecState,
): ConstraintPlan {
  const columns = columnsOfCodec(codec);
  for (const c of bindConstraints(constraints, columns))
    if (c.kind === 'fixed-combinations' && !c.combinations)
      throw new ConstraintError(
        `Without the data there are no combinations of ${c.columns.join(', ')} to learn: list them in the constraint ("combinations").`,
      );
  return { ...planWithoutConstraints(codec), constraints: [...constraints] };
}

/**
 * `plan` (or none) with `extra` constraints added, all of them left to reject sampling: new
 * rules for a saved model, which learned the table without them. The saved rewrites stay, so
 * rows are still turned back the way the model learned them.
 *
 * @throws ConstraintError when an extra constraint does not fit the columns, or is a fixed
 *   combination with no listed combinations (there is no data to learn them from).
 */
export function extendPlan(
  plan: ConstraintPlan | null,
  extra: readonly Constraint[],
  codec: CodecState,
): ConstraintPlan {
  const base = plan ?? planWithoutConstraints(codec);
  if (extra.length === 0) return base;
  const added = planWithoutData(extra, codec);
  return { ...base, constraints: [...base.constraints, ...added.constraints] };
}

/**
 * A filter for written rows that keeps the plan's uniqueness constraints across calls: the
 * chunks of one export each pass `finishWrittenRows` on their own, so a key may repeat between
 * chunks; this drops those repeats (keys remembered for the filter's lifetime). Identity when
 * the plan has no uniqueness constraint.
 */
export function uniqueAcrossChunks(
  plan: ConstraintPlan,
  codec: CodecState,
): (names: readonly string[], rows: readonly (readonly string[])[]) => string[][] {
  const unique = boundOf(plan).filter((c) => c.kind === 'unique');
  if (unique.length === 0) return (_names, rows) => rows.map((r) => [...r]);
  const validate = makeRowValidator(unique);
  return (names, rows) => {
    const mask = validate(viewOfRows(names, rows, codec));
    return rows.filter((_, r) => mask[r] === 1).map((r) => [...r]);
  };
}
