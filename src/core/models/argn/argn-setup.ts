/**
 * ARGN's sizes and checks before any tensor exists: the network shape for a discretizer state,
 * the config's bounds, and the log marginal token frequencies the output biases start from.
 */
import { cardinality, tableColumnOf, type DiscretizerState } from '../../data/discretizer';
import type { Rng } from '../../rng';
import type { ArgnShape } from './argn-net';
import type { ArgnConfig } from './config';

/** Network sizes for a discretizer state and config. */
export function argnShape(state: DiscretizerState, config: ArgnConfig): ArgnShape {
  const cards = state.columns.map(cardinality);
  const embWidths = cards.map((k) => Math.min(k, Math.max(10, 3 * Math.ceil(k ** 0.25))));
  const units = config.regressorUnits.map((u) =>
    cards.map(
      (k, j) => u * Math.max(1, Math.round(Math.log(Math.max(k, embWidths[j] as number, Math.E)))),
    ),
  );
  return { cards, embWidths, units };
}

export function checkConfig(c: ArgnConfig): void {
  if (!c.regressorUnits.length || !c.regressorUnits.every((u) => Number.isInteger(u) && u >= 1))
    throw new Error('ARGN config: regressor units must be whole numbers of at least 1.');
  if (!(c.writeOrderShare >= 0 && c.writeOrderShare <= 1))
    throw new Error('ARGN config: the share of steps in write order must be in [0, 1].');
  if (!(c.dropout >= 0 && c.dropout < 1))
    throw new Error('ARGN config: dropout must be in [0, 1).');
  if (c.batchSize !== null && !(Number.isInteger(c.batchSize) && c.batchSize >= 1))
    throw new Error('ARGN config: batch size must be a whole number of at least 1.');
  if (c.learningRate !== null && !(c.learningRate > 0))
    throw new Error('ARGN config: learning rate must be positive.');
  if (!(c.validationShare >= 0 && c.validationShare < 0.5))
    throw new Error('ARGN config: validation share must be in [0, 0.5).');
}

export /** Log marginal token frequencies `[V]`, lightly smoothed so no token starts at -∞. */
function logPrior(shape: ArgnShape, tokens: Int32Array, rows: number): Float32Array {
  const cols = shape.cards.length;
  const out = new Float32Array(shape.cards.reduce((a, b) => a + b, 0));
  let offset = 0;
  shape.cards.forEach((k, j) => {
    const counts = new Float64Array(k);
    for (let r = 0; r < rows; r += 1) {
      const t = tokens[r * cols + j] as number;
      counts[t] = (counts[t] as number) + 1;
    }
    for (let t = 0; t < k; t += 1)
      out[offset + t] = Math.log(((counts[t] as number) + 0.1) / (rows + 0.1 * k));
    offset += k;
  });
  return out;
}

/** How token columns map to table columns, for column orders. */
export interface TokenOrder {
  /** Table column of each token column. */
  owner: readonly number[];
  /** 1 for a position within a bin (it always follows its bin), 0 otherwise. */
  subRank: readonly number[];
}

/** The token order parts of a discretizer state. */
export function tokenOrder(state: DiscretizerState): TokenOrder {
  return {
    owner: tableColumnOf(state),
    subRank: state.columns.map((c) => (c.kind === 'fine' ? 1 : 0)),
  };
}

/**
 * Ranks of the token columns for one training step: the table's own column order for a share
 * `writeOrderShare` of the steps (the order generation draws in), else a fresh random order of
 * the table's columns. A position within a bin always comes right after its bin, as in sampling
 * (and in the reference).
 */
export function stepRanks(order: TokenOrder, writeOrderShare: number, rng: Rng): Float32Array {
  const { owner, subRank } = order;
  const columns = (owner[owner.length - 1] ?? -1) + 1;
  const perm = rng.permutation(columns);
  if (rng.uniform() < writeOrderShare) perm.forEach((_, i) => (perm[i] = i));
  const place = new Float32Array(perm.length);
  perm.forEach((m, position) => (place[m] = position));
  return Float32Array.from(owner, (m, j) => 2 * (place[m] as number) + (subRank[j] as number));
}
