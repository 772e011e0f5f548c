/**
 * The page's differential privacy setting as plain data: what the user typed (epsilon, delta,
 * the public facts) read into a budget and its split, for any model whose registry entry
 * trains under DP. Nothing here reads a value of the table: only its columns and row count.
 */
import type { ModelKind, SynthesisConfig } from '../../worker/engine-client';
import { MODEL_REGISTRY } from '../../core/models/registry';
import { budgetProblem } from '../../core/privacy/budget';
import { defaultDelta, type BudgetPlan } from '../../core/privacy/budget-plan';
import {
  factsForColumns,
  parsePublicFacts,
  PublicFactsError,
  type DpColumn,
  type PublicColumnFacts,
  type PublicFacts,
} from '../../core/privacy/public-facts';

type DpSettings = NonNullable<SynthesisConfig['privacy']>;

/** What the user typed and imported. */
export interface DpForm {
  epsilonText: string;
  /** Empty: the default delta for the table's rows. */
  deltaText: string;
  facts: PublicFacts;
  /** For a model where DP is optional (ARGN): the user chose to train under it. */
  enabled: boolean;
}

export const INITIAL_DP_FORM: DpForm = {
  epsilonText: '1',
  deltaText: '',
  facts: {},
  enabled: false,
};

/** The form read for one model and table. */
export interface DpReading {
  epsilon: number;
  delta: number;
  /** Delta is the default for the rows (the field is empty). */
  deltaIsDefault: boolean;
  /** The split before training; null when the model does not plan one ahead. */
  plan: BudgetPlan | null;
  /** Why nothing can be trained, in the user's words; null when it can. */
  problem: string | null;
  /** The run's privacy setting; null while there is a problem. */
  settings: DpSettings | null;
  /** Facts that do not fit the table, in words. */
  factNotes: string[];
}

/** True when `kind` trains under differential privacy. */
export const isDpModel = (kind: ModelKind) => MODEL_REGISTRY[kind].differentialPrivacy === true;

/** True when `kind` trains only under DP (MST); false when DP is the user's choice (ARGN). */
export const isDpRequired = (kind: ModelKind) =>
  isDpModel(kind) && MODEL_REGISTRY[kind].privacyOptional !== true;

/** True when a run of `kind` with this form trains under DP. */
export const dpActive = (form: DpForm, kind: ModelKind) =>
  isDpRequired(kind) || (isDpModel(kind) && form.enabled);

const readNumber = (text: string) => (text.trim() === '' ? NaN : Number(text.trim()));

/** Reads the form for `kind` on a table of `rows` training rows with these columns. */
export function readDpForm(
  form: DpForm,
  kind: ModelKind,
  columns: readonly DpColumn[],
  rows: number,
): DpReading {
  const epsilon = readNumber(form.epsilonText);
  const deltaIsDefault = form.deltaText.trim() === '';
  const delta = deltaIsDefault ? defaultDelta(rows) : readNumber(form.deltaText);
  const { facts, notes } = factsForColumns(form.facts, columns);
  const input = { epsilon, delta, rows, columns, publicFacts: facts };
  const plan = MODEL_REGISTRY[kind].planBudget?.(input) ?? null;
  const problem =
    (plan ? plan.problem : budgetProblem(epsilon, delta, rows)) ?? rangeProblem(facts);
  return {
    epsilon,
    delta,
    deltaIsDefault,
    plan,
    problem,
    settings: problem ? null : { epsilon, delta, publicFacts: facts },
    factNotes: notes,
  };
}

/**
 * Reads a public-facts file's text (Facsimile's form or SDV metadata) for these columns: the
 * facts that fit, and notes on the rest.
 *
 * @throws Error in the user's words when the file cannot be read.
 */
export function importFacts(
  text: string,
  columns: readonly DpColumn[],
): { facts: PublicFacts; notes: string[]; format: 'facsimile' | 'sdv' } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('This file is not valid JSON.');
  }
  try {
    const read = parsePublicFacts(json);
    const fitted = factsForColumns(read.facts, columns);
    return { facts: fitted.facts, notes: [...read.notes, ...fitted.notes], format: read.format };
  } catch (e) {
    if (e instanceof PublicFactsError) throw new Error(e.message, { cause: e });
    throw e;
  }
}

/** A bound as typed: a number, or for a date column a date written YYYY-MM-DD (epoch ms). */
function readBound(text: string, isDate: boolean): number {
  if (!isDate) return readNumber(text);
  const t = text.trim();
  return /^\d{4}-\d{2}-\d{2}/.test(t) ? Date.parse(t) : NaN;
}

/** A bound as the field shows it. */
export function boundText(x: number | undefined, isDate: boolean): string {
  if (x === undefined) return '';
  return isDate ? new Date(x).toISOString().slice(0, 10) : String(x);
}

/** One column's fact after an edit by hand (empty or unreadable fields: not public). */
export function editedFact(
  column: DpColumn,
  fields: { min: string; max: string; levels: string },
  isDate = false,
): PublicColumnFacts | null {
  if (column.type === 'discrete') {
    const levels = fields.levels
      .split(',')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    return levels.length > 0 ? { levels } : null;
  }
  const min = readBound(fields.min, isDate);
  const max = readBound(fields.max, isDate);
  if (!Number.isFinite(min) && !Number.isFinite(max)) return null;
  return {
    ...(Number.isFinite(min) ? { min } : {}),
    ...(Number.isFinite(max) ? { max } : {}),
  };
}

/** A public range whose lowest value is above its highest, in words; null when none. */
function rangeProblem(facts: PublicFacts): string | null {
  for (const [name, f] of Object.entries(facts))
    if (f.min !== undefined && f.max !== undefined && f.min > f.max)
      return `The public range of "${name}" has its lowest value above its highest: correct it or clear it.`;
  return null;
}
