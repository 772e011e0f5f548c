/**
 * The inference attack (Article 29 Working Party; as Anonymeter runs it): the attacker knows
 * every column of a target but a secret one, finds the nearest synthetic row on the known
 * columns and guesses the secret from it. A categorical guess is right when it equals the
 * secret; a numeric one when it is within `tolerance` (5%) of the secret, relative to the
 * secret's size; missing guesses a missing secret right. Success on training targets is
 * compared with control targets; the naive baseline guesses the secret of a random synthetic row.
 */
import type { Rng } from '../../rng';
import { rawValue, type AttackColumn, type AttackRows, type AttackSpace } from './attack-table';
import { nearestRows, neighbourIndex } from './nearest';
import { attackResult, type AttackResult } from './risk';

/** Relative error within which a numeric guess counts as right. */
export const INFERENCE_TOLERANCE = 0.05;

export interface InferenceOptions {
  attacks: number;
  /** Column index of the secret. */
  secret: number;
  onProgress?: (share: number) => void;
}

export interface InferenceResult extends AttackResult {
  secret: string;
  /** Columns the attacker knows (every other column). */
  known: number;
}

/** Whether `guess` is a right guess of `secret` (both as stored in the attack space). */
export function rightGuess(column: AttackColumn, guess: number, secret: number): boolean {
  if (guess !== guess || secret !== secret) return guess !== guess && secret !== secret;
  if (!column.numeric) return guess === secret;
  const g = rawValue(column, guess);
  const s = rawValue(column, secret);
  return Math.abs(g - s) <= INFERENCE_TOLERANCE * Math.abs(s);
}

function countRight(
  column: AttackColumn,
  secrets: Float64Array,
  targets: Int32Array,
  guessRows: Int32Array,
  synthSecrets: Float64Array,
): number {
  let right = 0;
  targets.forEach((row, t) => {
    const g = guessRows[t] as number;
    if (g >= 0 && rightGuess(column, synthSecrets[g] as number, secrets[row] as number)) right += 1;
  });
  return right;
}

/** Runs the inference attack on one secret column. */
export function inferenceAttack(
  space: AttackSpace,
  targets: { train: Int32Array; control: Int32Array },
  options: InferenceOptions,
  rng: Rng,
): InferenceResult {
  const known = space.columns.map((_, c) => c).filter((c) => c !== options.secret);
  const column = space.columns[options.secret] as AttackColumn;
  const index = neighbourIndex(space.columns, space.synth, known, rng.fork());
  const report = (step: number) => (share: number) => options.onProgress?.((step + share) / 2);
  const trainGuess = nearestRows(index, space.train, targets.train, 1, report(0));
  const controlGuess = nearestRows(index, space.control, targets.control, 1, report(1));
  const synthSecrets = space.synth.values[options.secret] as Float64Array;
  const baseRng = rng.fork();
  const randomGuess = Int32Array.from(targets.train, () => baseRng.int(space.synth.rows));
  const secretsOf = (t: AttackRows) => t.values[options.secret] as Float64Array;
  return {
    ...attackResult(
      targets.train.length,
      countRight(column, secretsOf(space.train), targets.train, trainGuess, synthSecrets),
      countRight(column, secretsOf(space.control), targets.control, controlGuess, synthSecrets),
      countRight(column, secretsOf(space.train), targets.train, randomGuess, synthSecrets),
    ),
    secret: column.name,
    known: known.length,
  };
}
