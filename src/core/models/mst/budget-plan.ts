/**
 * MST's budget split before training, by the functions `fitMst` spends with: the ranges part
 * (when some range or level is not public), then MST's own part with its three measurements.
 * It reads no value of the table: only the columns, the row count and the public facts.
 */
import { normalQuantile } from '../../privacy/erfc';
import {
  refusedPlan,
  type BudgetPlan,
  type BudgetPlanInput,
  type PlannedPart,
} from '../../privacy/budget-plan';
import type { DpColumn } from '../../privacy/public-facts';
import { epsilonForRanges, mstBudget, RANGES_SHARE, rangesBudget } from './mst-budget';
import { SPLIT } from './mst';
import { CELL_THRESHOLD_Z, type PublicFacts } from './value-ranges';

const pct = (x: number) => `${Math.round(100 * x)}%`;

/** The columns whose range or levels are not fully public (as `columnsToMeasure` decides). */
export function columnsToEstimate(columns: readonly DpColumn[], facts: PublicFacts): DpColumn[] {
  return columns.filter((c) => {
    const f = facts[c.name];
    return c.type === 'numeric'
      ? !(f?.min !== undefined && f.max !== undefined)
      : f?.levels === undefined;
  });
}

/** The ranges part, and what its noise means for this table. */
function rangesPart(input: BudgetPlanInput, measured: DpColumn[]) {
  const discrete = measured.filter((c) => c.type === 'discrete').length;
  const numeric = measured.length - discrete;
  const ranges = rangesBudget(input.epsilon, input.delta, discrete > 0);
  const sigma = Math.sqrt(measured.length / (2 * ranges.rho));
  const names = measured.map((c) => `"${c.name}"`).join(', ');
  const part: PlannedPart = {
    stage: 'preprocessing',
    purpose: `Value ranges and category levels not stated as public (${names})`,
    epsilon: ranges.part.epsilon,
    delta: ranges.part.delta,
    detail: `${pct(RANGES_SHARE)} of epsilon: noisy counts, about ±${sigma.toPrecision(2)} rows of noise on each`,
  };
  const notes: string[] = [];
  let problem: string | null = null;
  if (numeric > 0 && sigma * CELL_THRESHOLD_Z >= input.rows) {
    const needed = epsilonForRanges(
      (0.1 * input.rows) / CELL_THRESHOLD_Z,
      measured.length,
      input.delta,
    );
    problem = `Epsilon ${input.epsilon} is too small for this table: the noise on the value-range counts (about ±${Math.round(sigma)} rows) would hide every value of a ${input.rows}-row table, so nothing would be left to model. Reading the ranges and levels of ${names} would need epsilon of about ${needed.toPrecision(2)} in all (${pct(RANGES_SHARE)} of it goes to them): raise epsilon, or state those ranges and levels as public facts.`;
  }
  if (discrete > 0) {
    const threshold = 1 + sigma * normalQuantile(1 - ranges.thresholdDelta / discrete);
    notes.push(
      `Category levels not stated as public are kept only when held by more than about ${Math.ceil(threshold)} rows; the others become "other".`,
    );
  }
  return { part, problem, notes };
}

/** MST's split of (epsilon, delta) for this table and these public facts. */
export function planMstBudget(input: BudgetPlanInput): BudgetPlan {
  const refused = refusedPlan(input);
  if (refused) return refused;
  const measured = columnsToEstimate(input.columns, input.publicFacts);
  const parts: PlannedPart[] = [];
  const notes: string[] = [];
  let problem: string | null = null;
  if (measured.length > 0) {
    const ranges = rangesPart(input, measured);
    parts.push(ranges.part);
    notes.push(...ranges.notes);
    problem = ranges.problem;
  }
  const spent = parts.reduce((s, p) => s + p.epsilon, 0);
  const deltaSpent = parts.reduce((s, p) => s + p.delta, 0);
  const own = mstBudget(input.epsilon - spent, input.delta - deltaSpent);
  const [one, select, two] = input.columns.length > 1 ? SPLIT : [1, 0, 0];
  parts.push({
    stage: 'marginals',
    purpose: 'MST: noisy 1-way marginals, spanning-tree selection and noisy 2-way marginals',
    epsilon: own.part.epsilon,
    delta: own.part.delta,
    detail: `of its zero-concentrated budget (rho ${own.rho.toPrecision(3)}): ${pct(one)} on the 1-way marginals, ${pct(select)} on choosing the tree, ${pct(two)} on the 2-way marginals`,
  });
  return {
    epsilon: parts.reduce((s, p) => s + p.epsilon, 0),
    delta: parts.reduce((s, p) => s + p.delta, 0),
    parts,
    problem,
    notes,
  };
}
