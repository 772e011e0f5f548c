/**
 * How a model under differential privacy will split a budget, worked out before training from
 * what the page knows without reading a value (the columns, the row count, the public facts),
 * by the same accountant code the model then spends with. Each DP model's registry entry may
 * give one (`planBudget`); the page shows it beside the epsilon and delta fields.
 */
import { budgetProblem } from './budget';
import type { ColumnSpec } from '../types';
import type { DpColumn, PublicFacts } from './public-facts';

export interface BudgetPlanInput {
  epsilon: number;
  delta: number;
  /** Rows the model will learn from (the page's table; the split never reads them). */
  rows: number;
  columns: readonly DpColumn[];
  publicFacts: PublicFacts;
}

/** What a part pays for: reading ranges and levels, measuring marginals, or training steps. */
export type BudgetStage = 'preprocessing' | 'marginals' | 'training';

export interface PlannedPart {
  stage: BudgetStage;
  purpose: string;
  epsilon: number;
  delta: number;
  /** How the part is spent, in words (its shares, its noise). */
  detail?: string;
}

export interface BudgetPlan {
  epsilon: number;
  delta: number;
  parts: PlannedPart[];
  /** Why nothing can be trained with this budget, in the user's words; null when it can. */
  problem: string | null;
  /** What the user should know (levels that will become "other", ...). */
  notes: string[];
}

/** The default delta for `rows` rows: 1e-5, or 0.1 / rows when that is smaller. */
export function defaultDelta(rows: number): number {
  return Math.min(1e-5, 0.1 / Math.max(1, rows));
}

/** Epsilon in plain words: 1 strong protection, 4 moderate, 10 weak. */
export function epsilonWords(epsilon: number): string {
  if (!Number.isFinite(epsilon) || epsilon <= 0) return 'not a budget';
  if (epsilon <= 1.5) return 'strong protection';
  if (epsilon <= 6) return 'moderate protection';
  if (epsilon <= 12) return 'weak protection';
  return 'very weak protection';
}

/** A plan that trains nothing: the budget itself is refused. */
export function refusedPlan(input: BudgetPlanInput): BudgetPlan | null {
  const problem = budgetProblem(input.epsilon, input.delta, input.rows);
  return problem
    ? { epsilon: input.epsilon, delta: input.delta, parts: [], problem, notes: [] }
    : null;
}

/**
 * The columns a model under DP will learn, as the schema says (numbers and dates numeric,
 * categories and booleans discrete; identifiers, free text, constants and excluded columns are
 * not modelled), in table order: what a plan is worked out for.
 */
export function dpColumnsOf(specs: readonly ColumnSpec[]): DpColumn[] {
  return [...specs]
    .filter((s) => !s.excluded)
    .sort((a, b) => a.index - b.index)
    .flatMap((s): DpColumn[] => {
      switch (s.kind) {
        case 'continuous':
        case 'integer':
        case 'datetime':
          return [{ name: s.name, type: 'numeric' }];
        case 'categorical':
        case 'boolean':
          return [{ name: s.name, type: 'discrete' }];
        default:
          return [];
      }
    });
}
