/**
 * The linkability attack (Article 29 Working Party; as Anonymeter runs it): the attacker holds
 * two disjoint sets of columns about the same people, say from two different databases, and
 * wants to know which records of one belong with which of the other. For each target, the
 * attacker finds the `neighbours` nearest synthetic rows of each part on its own columns; the
 * link is right when the two lists share a synthetic row. Success on training targets is
 * compared with success on control targets; the naive baseline draws both lists at random.
 */
import type { Rng } from '../../rng';
import type { AttackSpace } from './attack-table';
import { nearestRows, neighbourIndex } from './nearest';
import { attackResult, type AttackResult } from './risk';

export interface LinkabilityOptions {
  attacks: number;
  /** Column indices of the two parts; disjoint and non-empty. */
  columnsA: number[];
  columnsB: number[];
  /** Nearest synthetic rows compared per part (Anonymeter's default is 1). */
  neighbours: number;
  onProgress?: (share: number) => void;
}

export interface LinkabilityResult extends AttackResult {
  columnsA: string[];
  columnsB: string[];
  neighbours: number;
}

/** Number of targets whose two neighbour lists (`k` each, per target) share a row. */
export function countLinks(a: Int32Array, b: Int32Array, k: number): number {
  let links = 0;
  for (let t = 0; t * k < a.length; t += 1) {
    let linked = false;
    for (let i = 0; i < k && !linked; i += 1) {
      const x = a[t * k + i] as number;
      if (x < 0) continue;
      for (let j = 0; j < k; j += 1) if (b[t * k + j] === x) linked = true;
    }
    if (linked) links += 1;
  }
  return links;
}

/**
 * Runs the linkability attack on `targets.train` (rows of the training table) and
 * `targets.control` (rows of the control table), the same number of each.
 */
export function linkabilityAttack(
  space: AttackSpace,
  targets: { train: Int32Array; control: Int32Array },
  options: LinkabilityOptions,
  rng: Rng,
): LinkabilityResult {
  const k = options.neighbours;
  const indexA = neighbourIndex(space.columns, space.synth, options.columnsA, rng.fork());
  const indexB = neighbourIndex(space.columns, space.synth, options.columnsB, rng.fork());
  const steps = [
    () => nearestRows(indexA, space.train, targets.train, k, report(0)),
    () => nearestRows(indexB, space.train, targets.train, k, report(1)),
    () => nearestRows(indexA, space.control, targets.control, k, report(2)),
    () => nearestRows(indexB, space.control, targets.control, k, report(3)),
  ];
  function report(step: number) {
    return (share: number) => options.onProgress?.((step + share) / steps.length);
  }
  const [trainA, trainB, controlA, controlB] = steps.map((run) => run()) as Int32Array[];
  const baseRng = rng.fork();
  const randomLists = () =>
    Int32Array.from({ length: targets.train.length * k }, () => baseRng.int(space.synth.rows));
  const attacks = targets.train.length;
  return {
    ...attackResult(
      attacks,
      countLinks(trainA as Int32Array, trainB as Int32Array, k),
      countLinks(controlA as Int32Array, controlB as Int32Array, k),
      countLinks(randomLists(), randomLists(), k),
    ),
    columnsA: options.columnsA.map((c) => space.columns[c]?.name ?? ''),
    columnsB: options.columnsB.map((c) => space.columns[c]?.name ?? ''),
    neighbours: k,
  };
}
