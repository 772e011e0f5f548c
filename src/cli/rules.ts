/**
 * The command line's side of constraints, conditions and rules without data, for synth.ts:
 *   npm run synth -- --rules RULES.json --rows N --out OUT.csv [--seed N]
 *   npm run synth -- --data IN.csv ... --constraints SPEC.json --where "column=value" ...
 * `runRulesOnly` is the whole --rules mode; `readConstraintsFile` and `parseWhere` read the
 * other two options, which the pipeline itself keeps (config.constraints, sampleRows'
 * conditions). Mistakes come back as UsageError in the user's words.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { writeCsv } from '../core/data/csv-writer';
import { Rng } from '../core/rng';
import { parseCondition, type Condition } from '../core/rules/conditions';
import type { ConstraintPlan } from '../core/rules/constraint-plan';
import { ConstraintError, type Constraint } from '../core/rules/constraints';
import { generateFromRules } from '../core/rules/rules-spec';
import { parseSpec, type SpecFile } from '../core/rules/spec-file';
import { violationMessages, type ConstraintCheck } from '../core/rules/validity';
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
 * What the CLI tells the user about the constraints once they are fitted: one warning per
 * constraint the real rows break (count and examples), then how they will be kept.
 */
export function constraintLines(
  plan: ConstraintPlan,
  checks: readonly ConstraintCheck[],
): string[] {
  const rewritten = plan.transforms.steps.length;
  return [
    ...violationMessages(checks).map((line) => `warning: the real data: ${line}`),
    `constraints: ${plan.constraints.length}, ${rewritten} kept by a reversible rewrite, all checked on every sampled row`,
  ];
}

/** A mistake in a constraint or a condition as a UsageError naming the option it came from. */
export function optionError(option: '--constraints' | '--where', e: unknown): unknown {
  if (!(e instanceof ConstraintError)) return e;
  return new UsageError(`${option}: ${e.message}`);
}
