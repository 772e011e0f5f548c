/**
 * The data-independent grid that value ranges are read from under differential privacy. Every
 * number falls into one cell of a fixed grid that does not depend on the data: a cell for zero
 * (|x| < 2^-20), then eight cells per doubling of |x| on each side, up to 2^64. Counting rows per
 * cell and adding noise to every cell (empty ones too) is a Gaussian measurement with L2
 * sensitivity 1 per column, so a value range read from the noisy counts costs only that
 * measurement; no value of the data ever chooses a cell boundary.
 */

const PER_DOUBLING = 8;
const LOWEST = -20 * PER_DOUBLING;
const HIGHEST = 64 * PER_DOUBLING;
/** Cells on each side of zero. */
const SIDE = HIGHEST - LOWEST;
/** Cells in the grid: negative side, zero, positive side. */
export const GRID_CELLS = 2 * SIDE + 1;
const ZERO = SIDE;

/** The grid cell of a finite number, in [0, GRID_CELLS). */
export function gridCell(x: number): number {
  const a = Math.abs(x);
  if (a < 2 ** (LOWEST / PER_DOUBLING)) return ZERO;
  const k = Math.min(HIGHEST - 1, Math.max(LOWEST, Math.floor(PER_DOUBLING * Math.log2(a))));
  const offset = k - LOWEST + 1;
  return x > 0 ? ZERO + offset : ZERO - offset;
}

/** The interval [low, high] a grid cell covers. */
export function gridCellRange(cell: number): [number, number] {
  if (cell === ZERO) return [-(2 ** (LOWEST / PER_DOUBLING)), 2 ** (LOWEST / PER_DOUBLING)];
  const offset = Math.abs(cell - ZERO);
  const k = offset - 1 + LOWEST;
  const inner = 2 ** (k / PER_DOUBLING);
  const outer = 2 ** ((k + 1) / PER_DOUBLING);
  return cell > ZERO ? [inner, outer] : [-outer, -inner];
}
