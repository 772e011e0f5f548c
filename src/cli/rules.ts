/**
 * The command line's side of constraints, conditions and rules without data, for synth.ts:
 *   npm run synth -- --rules RULES.json --rows N --out OUT.csv [--seed N]
 *   npm run synth -- --data IN.csv ... --constraints SPEC.json --where "column=value" ...
 * `runRulesOnly` is the whole --rules mode; `readConstraintsFile` and `parseWhere` read the
 * other two options. Mistakes come back as UsageError in the user's words.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { CodecOptions, CodecState } from '../core/data/codec-state';
import { writeCsv } from '../core/data/csv-writer';
import type { ModelTable } from '../core/data/model-table';
import { fromModelTable } from '../core/data/table-codec';
import { Rng } from '../core/rng';
import { parseCondition, type Condition } from '../core/rules/conditions';
import {
  finishWrittenRows,
  fitConstraintPlan,
  planWithoutConstraints,
  sampleConstrained,
  unknownConditionValues,
  type ConstraintPlan,
  type PlanOptions,
} from '../core/rules/constraint-plan';
import type { Constraint } from '../core/rules/constraints';
import type { RejectLimits } from '../core/rules/reject-sampler';
import { generateFromRules } from '../core/rules/rules-spec';
import { parseSpec, type SpecFile } from '../core/rules/spec-file';
import { violationMessages } from '../core/rules/validity';
import type { RawTable, Schema } from '../core/types';
import { parseArgs, UsageError } from './args';

export const RULES_USAGE =
  'Usage: npm run synth -- --rules RULES.json --rows N --out OUT.csv [--seed N]';

/** Whether the arguments ask for --rules mode (no data, no model). */
export function isRulesMode(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--rules' || a.startsWith('--rules='));
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the ${what} file ${path}: check the path.`);
  }
}

function readSpecFile(path: string, what: string): SpecFile {
  try {
    return parseSpec(readText(path, what));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * The constraints of a --constraints file: a Facsimile spec, a list of constraints, or an SDV
 * constraint list. Binding to the data's columns happens once the data is read.
 */
export function readConstraintsFile(path: string): Constraint[] {
  return readSpecFile(path, 'constraints').constraints;
}

/** The --where options, each `column=value`. */
export function parseWhere(values: readonly string[]): Condition[] {
  return values.map((v) => {
    try {
      return parseCondition(v);
    } catch (e) {
      throw new UsageError(`--where: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

export interface RulesRun {
  out: string;
  rows: number;
  partial: boolean;
  message: string | null;
}

/**
 * The --rules mode: reads the rules, generates the rows, writes the CSV.
 *
 * @param log where progress lines go (stderr in the CLI).
 * @throws UsageError for bad options or a bad rules file (every mistake listed).
 */
export async function runRulesOnly(
  argv: readonly string[],
  log: (line: string) => void = () => undefined,
): Promise<RulesRun> {
  const a = parseArgs(argv, ['rules', 'rows', 'out', 'seed']);
  const path = a.one('rules');
  const out = a.one('out');
  if (!path) throw new UsageError('Give --rules RULES.json.');
  if (!out) throw new UsageError('Give --out OUT.csv for the generated rows.');
  const rows = a.int('rows', 1000);
  if (rows < 1) throw new UsageError('--rows must be at least 1.');
  const spec = readSpecFile(path, 'rules');
  if (!spec.columns || spec.columns.length === 0)
    throw new UsageError(
      `${path} has no "columns": rules without data define the table column by column.`,
    );
  const started = performance.now();
  let result;
  try {
    result = await generateFromRules(
      { columns: spec.columns, constraints: spec.constraints },
      rows,
      new Rng(a.int('seed', 0)),
    );
  } catch (e) {
    throw new UsageError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (result.message) log(`warning: ${result.message}`);
  writeFileSync(out, writeCsv(result.names, result.rows, { neutraliseFormulas: true }));
  log(
    `wrote ${result.rows.length} rows to ${out} in ${((performance.now() - started) / 1000).toFixed(2)} s`,
  );
  return { out, rows: result.rows.length, partial: result.partial, message: result.message };
}

/**
 * Fits the constraint plan on the prepared training data and tells the user, one line each,
 * which constraints the real rows break (count and examples).
 *
 * @throws UsageError when a constraint does not fit the data's columns (all mistakes listed).
 */
export function prepareConstraints(
  constraints: readonly Constraint[],
  raw: RawTable,
  schema: Schema,
  codec: CodecState,
  trainingTable: ModelTable,
  log: (line: string) => void = () => undefined,
  options: PlanOptions = {},
): ConstraintPlan {
  try {
    const { plan, checks } = fitConstraintPlan(
      constraints,
      raw,
      schema,
      codec,
      trainingTable,
      options,
    );
    for (const line of violationMessages(checks)) log(`warning: the real data: ${line}`);
    const rewritten = plan.transforms.steps.length;
    log(
      `constraints: ${constraints.length}, ${rewritten} kept by a reversible rewrite, all checked on every sampled row`,
    );
    return plan;
  } catch (e) {
    throw new UsageError(`--constraints: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export interface RulesSampling {
  codec: CodecState;
  /** The fitted plan, or null when there are no constraints. */
  plan: ConstraintPlan | null;
  conditions: readonly Condition[];
  /** The trained model's rows in model form (its own, possibly rewritten, columns). */
  sampleTable: (rows: number, seed: number) => Promise<ModelTable>;
  rows: number;
  seed: number;
  codecOptions?: CodecOptions;
  limits?: RejectLimits;
  log?: (line: string) => void;
}

/**
 * Samples rows that keep every constraint and condition and writes them as strings: reject
 * sampling in model form, the codec's write-back, then the final check of the written rows.
 * A condition too rare to meet gives the rows found and a warning, not an endless wait.
 */
export async function sampleRowsWithRules(
  s: RulesSampling,
): Promise<{ names: string[]; rows: string[][]; partial: boolean; message: string | null }> {
  const log = s.log ?? (() => undefined);
  const plan = s.plan ?? planWithoutConstraints(s.codec);
  let seed = s.seed;
  const options = s.codecOptions ?? { textMode: 'placeholder', allowOutOfRange: false };
  const unknown = unknownConditionValues(s.conditions, s.codec);
  if (unknown) throw new UsageError(`--where: ${unknown}`);
  let result;
  try {
    result = await sampleConstrained(
      plan,
      (n) => s.sampleTable(n, seed++),
      s.rows,
      s.conditions,
      s.limits,
    );
  } catch (e) {
    throw new UsageError(`--where: ${e instanceof Error ? e.message : String(e)}`);
  }
  const written = fromModelTable(s.codec, result.table, new Rng(s.seed ^ 0x9e3779b9), options);
  const finished = finishWrittenRows(
    plan,
    s.codec,
    written.names,
    written.rows,
    new Rng(s.seed ^ 0x51ed),
  );
  let message = result.message;
  if (finished.dropped > 0)
    message = `${finished.dropped} written row${finished.dropped === 1 ? '' : 's'} broke a constraint once written (rounding, identifiers) and ${finished.dropped === 1 ? 'was' : 'were'} left out.${message ? ` ${message}` : ''}`;
  if (message) log(`warning: ${message}`);
  return {
    names: written.names,
    rows: finished.rows,
    partial: result.partial || finished.dropped > 0,
    message,
  };
}
