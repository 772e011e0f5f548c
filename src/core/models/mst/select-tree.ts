/**
 * MST's private choice of a spanning tree (McKenna, Miklau, Sheldon 2021, section 3): every
 * pair of columns scores how far its real 2-way counts are from what the noisy 1-way marginals
 * alone predict (the L1 distance; sensitivity 1, since one row moves one count), and the tree
 * is built edge by edge, each edge drawn among those joining two separate parts of the forest
 * by the exponential mechanism. Each draw is epsilon-DP, which is epsilon^2/8-zCDP (bounded
 * range; Cesar and Rogers 2021), so d - 1 draws spend rho = (d - 1) epsilon^2 / 8.
 */
import type { Rng } from '../../rng';
import { counts2 } from './marginals';

/**
 * With a target column (the one the synthetic table will be used to predict), this many of the
 * draws are among the pairs with the target, so it keeps several neighbours in the tree: on a
 * tree, a column depends on the rest only through its neighbours.
 */
export const TARGET_EDGES = 3;

function find(parent: Int32Array, i: number): number {
  let r = i;
  while (parent[r] !== r) r = parent[r] as number;
  let j = i;
  while (parent[j] !== r) {
    const next = parent[j] as number;
    parent[j] = r;
    j = next;
  }
  return r;
}

/**
 * The tree's edges, as column index pairs.
 *
 * @param bins per column, each row's bin
 * @param sizes per column, its number of bins
 * @param estimates per column, the noisy 1-way counts per bin (non-negative, same total)
 * @param rho the zCDP budget of the whole selection
 * @param target the column to keep the most pairs of (its index), or null
 */
export function selectTree(
  bins: Int32Array[],
  sizes: number[],
  estimates: Float64Array[],
  total: number,
  rho: number,
  rng: Rng,
  target: number | null = null,
): [number, number][] {
  const d = bins.length;
  if (d < 2) return [];
  const candidates: { a: number; b: number; score: number }[] = [];
  for (let a = 0; a < d; a += 1)
    for (let b = a + 1; b < d; b += 1) {
      const sa = sizes[a] as number;
      const sb = sizes[b] as number;
      const real = counts2(bins[a] as Int32Array, bins[b] as Int32Array, sa, sb);
      const ma = estimates[a] as Float64Array;
      const mb = estimates[b] as Float64Array;
      let score = 0;
      for (let i = 0; i < sa; i += 1)
        for (let j = 0; j < sb; j += 1)
          score += Math.abs(
            (real[i * sb + j] as number) - ((ma[i] as number) * (mb[j] as number)) / total,
          );
      candidates.push({ a, b, score });
    }
  const epsilon = Math.sqrt((8 * rho) / (d - 1));
  const forest = Int32Array.from({ length: d }, (_, i) => i);
  const edges: [number, number][] = [];
  for (let step = 0; step < d - 1; step += 1) {
    const joinable = candidates.filter((c) => find(forest, c.a) !== find(forest, c.b));
    // the first draws join the target column to its most dependent partners
    const toTarget =
      target !== null && step < TARGET_EDGES
        ? joinable.filter((c) => c.a === target || c.b === target)
        : [];
    const open = toTarget.length > 0 ? toTarget : joinable;
    const best = Math.max(...open.map((c) => c.score));
    // exponential mechanism, sensitivity 1: weight exp(epsilon * score / 2)
    const weights = open.map((c) => Math.exp((epsilon * (c.score - best)) / 2));
    const chosen = open[rng.weighted(weights)];
    if (!chosen) break;
    forest[find(forest, chosen.a)] = find(forest, chosen.b);
    edges.push([chosen.a, chosen.b]);
  }
  return edges;
}
