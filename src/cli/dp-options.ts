/**
 * The command line's differential privacy options: --epsilon, --delta and --public-bounds, with
 * the refusals the issue asks for (a bad epsilon or delta, DP asked of a model without it, a
 * DP model asked without a budget), each before anything is read or trained.
 */
import { readFileSync } from 'node:fs';
import { parsePublicFacts, PublicFactsError, type PublicFacts } from '../core/privacy/public-facts';
import { modelEntry } from '../core/models/registry';
import { DP_MODELS, type DpSettings, type ModelKind } from '../core/pipeline';
import { budgetProblem, type DifferentialPrivacy } from '../core/privacy/budget';
import { UsageError, type Args } from './args';

export const DP_USAGE = `  --epsilon E --delta D (mst, argn): the differential privacy budget; epsilon 1 is strong protection, 4 moderate,
    10 weak; delta defaults to 1e-5, or 0.1 / rows when that is smaller. ARGN under DP trains at most 20 epochs
    (DP-SGD: the accountant sets the noise for them) and stops when the budget is spent.
  --public-bounds SPEC.json (mst, argn): ranges and levels that are public facts, not read from the data:
    { "age": { "min": 17, "max": 90 }, "sex": { "levels": ["Female", "Male"] } }, or SDV metadata whose
    columns state min_value / max_value or values (and ScalarRange constraints); the rest are estimated
    under DP (a share of epsilon). Values outside a range are clipped; levels outside become "(other)".
  --target COLUMN (mst): the column the synthetic table will be used to predict; MST keeps more of its pairs.`;

/** What the command line asked for; delta null: the default, settled once the rows are known. */
export interface DpRequest {
  epsilon: number;
  delta: number | null;
  publicFacts: PublicFacts;
  /** What the public-facts file stated that gives no fact, in words. */
  factNotes: string[];
  /** The column the synthetic table will be used to predict (MST keeps more of its pairs). */
  target: string | null;
}

function number(a: Args, name: string): number | null {
  const v = a.one(name);
  if (v === null) return null;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name} must be a number, not "${v}".`);
  return n;
}

/** The DP request of the command line, or null for a model without DP. */
export function readDpOptions(a: Args, model: ModelKind): DpRequest | null {
  const epsilon = number(a, 'epsilon');
  const delta = number(a, 'delta');
  const asked = epsilon !== null || delta !== null || a.has('public-bounds') || a.has('target');
  if (!DP_MODELS.includes(model)) {
    if (asked)
      throw new UsageError(
        `--epsilon, --delta, --public-bounds and --target need a model that trains under differential privacy (${DP_MODELS.join(', ')}); ${model} gives no formal privacy guarantee.`,
      );
    return null;
  }
  if (a.has('target') && model !== 'mst')
    throw new UsageError("--target is for MST (it keeps more of the target column's pairs).");
  if (epsilon === null && modelEntry(model).privacyOptional) {
    if (asked)
      throw new UsageError(
        `--delta and --public-bounds need --epsilon: give it to train ${model} under differential privacy (1 strong, 4 moderate, 10 weak).`,
      );
    return null;
  }
  if (epsilon === null)
    throw new UsageError(
      `--model ${model} trains under differential privacy: give --epsilon (1 strong, 4 moderate, 10 weak).`,
    );
  const problem = budgetProblem(epsilon, delta ?? 1e-5);
  if (problem) throw new UsageError(problem);
  const path = a.one('public-bounds');
  const read = path ? readPublicFacts(path) : { facts: {}, notes: [] };
  return {
    epsilon,
    delta,
    publicFacts: read.facts,
    factNotes: read.notes,
    target: a.one('target'),
  };
}

/** The settings for a table of `rows` rows: the default delta, and delta checked against rows. */
export function dpSettings(request: DpRequest, rows: number): DpSettings {
  const delta = request.delta ?? Math.min(1e-5, 0.1 / Math.max(1, rows));
  const problem = budgetProblem(request.epsilon, delta, rows);
  if (problem) throw new UsageError(problem);
  return { epsilon: request.epsilon, delta, publicFacts: request.publicFacts };
}

/**
 * Reads a public-facts file: Facsimile's `{ column: { min, max } | { levels } }` (or under
 * "columns"), or SDV metadata with the ranges and values it states (see core/privacy/public-facts).
 * What the file states but gives no fact (an id column, a column without a range) comes back as
 * notes for the progress output.
 */
export function readPublicFacts(path: string): { facts: PublicFacts; notes: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new UsageError(`--public-bounds: cannot read ${path} as JSON.`);
  }
  try {
    const read = parsePublicFacts(raw);
    return { facts: read.facts, notes: read.notes };
  } catch (e) {
    if (e instanceof PublicFactsError) throw new UsageError(`--public-bounds: ${e.message}`);
    throw e;
  }
}

/** The DP statement, one line per part, for the progress output. */
export function dpLines(dp: DifferentialPrivacy | null, asked: DpRequest | null): string[] {
  if (!dp) return ['privacy: no formal privacy guarantee (no differential privacy)'];
  return [
    `differential privacy: epsilon ${dp.epsilon.toPrecision(4)} spent of ${asked?.epsilon ?? dp.epsilon} asked, delta ${dp.delta.toPrecision(3)}`,
    ...dp.parts.map(
      (p) =>
        `  ${p.purpose}: epsilon ${p.epsilon.toPrecision(4)}, delta ${p.delta.toPrecision(3)} (${p.mechanism})`,
    ),
  ];
}
