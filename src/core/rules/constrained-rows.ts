/**
 * Synthetic rows as strings that keep every constraint and condition: the last stretch of the
 * pipeline when a plan or conditions are in play. Draws from the model (in the form it
 * learned), rewrites back and keeps the rows that pass (reject sampling, see
 * constraint-plan.ts), writes them with the codec, then gives identifiers their template and
 * drops any row the write-back broke. A condition too rare to meet ends with the rows found
 * and a message, never an endless wait.
 */
import type { CodecOptions, CodecState } from '../data/codec-state';
import type { ModelTable } from '../data/model-table';
import { fromModelTable } from '../data/table-codec';
import { Rng } from '../rng';
import type { Condition } from './conditions';
import {
  finishWrittenRows,
  planWithoutConstraints,
  sampleConstrained,
  unknownConditionValues,
  type ConstraintPlan,
} from './constraint-plan';
import { ConstraintError } from './constraints';
import type { RejectLimits } from './reject-sampler';

/** Rows written as strings, and whether (and why) fewer came back than were asked for. */
export interface SampledRows {
  names: string[];
  rows: string[][];
  /** True when fewer rows than asked for come back (a rare condition, a dropped row). */
  partial: boolean;
  /** Why, in the user's words; null when every row asked for is there. */
  message: string | null;
  /** Rows drawn from the model in all, kept or not (the rows asked for when none was refused). */
  drawn: number;
}

export interface ConstrainedSampling {
  codec: CodecState;
  /** The constraints' plan, or null for conditions alone. */
  plan: ConstraintPlan | null;
  conditions: readonly Condition[];
  /**
   * Draws `n` rows in the form the model learned (the plan's rewrites applied); `seed` is
   * different for every batch, so each batch holds new rows.
   */
  draw: (n: number, seed: number) => Promise<ModelTable>;
  rows: number;
  seed: number;
  codecOptions: CodecOptions;
  limits?: RejectLimits;
}

/** The seed of the write-back's own draws (text, identifiers), as the plain path uses. */
export const WRITE_SEED_MIX = 0x9e3779b9;

/**
 * Samples `s.rows` rows that keep the plan's constraints and every condition.
 *
 * @throws ConstraintError (before any sampling) when a condition names an unknown column or a
 *   value the training rows never held.
 */
export async function sampleRowsUnderRules(s: ConstrainedSampling): Promise<SampledRows> {
  const unknown = unknownConditionValues(s.conditions, s.codec);
  if (unknown) throw new ConstraintError(unknown);
  const plan = s.plan ?? planWithoutConstraints(s.codec);
  let seed = s.seed;
  const result = await sampleConstrained(
    plan,
    (n) => s.draw(n, seed++),
    s.rows,
    s.conditions,
    s.limits,
  );
  const written = fromModelTable(
    s.codec,
    result.table,
    new Rng(s.seed ^ WRITE_SEED_MIX),
    s.codecOptions,
  );
  const finished = finishWrittenRows(
    plan,
    s.codec,
    written.names,
    written.rows,
    new Rng(s.seed ^ 0x51ed),
  );
  let message = result.message;
  const dropped = finished.dropped;
  if (dropped > 0)
    message = `${dropped} written row${dropped === 1 ? '' : 's'} broke a constraint once written (rounding, identifiers) and ${dropped === 1 ? 'was' : 'were'} left out.${message ? ` ${message}` : ''}`;
  return {
    names: written.names,
    rows: finished.rows,
    partial: result.partial || dropped > 0,
    message,
    drawn: result.drawn,
  };
}
