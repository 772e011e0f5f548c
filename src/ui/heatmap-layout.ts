/**
 * Geometry and colours of a square heatmap, shared by its canvas drawing, its pointer and its
 * keyboard: pure functions of the column count, so they are tested without a page.
 */

/** Space left of and above the cells for the row and column names, in CSS pixels. */
export const HEATMAP_LABEL_PX = 96;

export interface HeatmapLayout {
  /** Side of one cell (including its 1 px gap), CSS pixels. */
  cell: number;
  /** Side of the whole drawing, labels included. */
  size: number;
}

/** About 300 px of cells whatever the column count, each cell between 10 and 26 px. */
export function heatmapLayout(columns: number): HeatmapLayout {
  const cell = Math.max(10, Math.min(26, Math.floor(300 / Math.max(1, columns))));
  return { cell, size: HEATMAP_LABEL_PX + columns * cell };
}

/** Blue for negative, white at 0, red for positive; `x` in [-1, 1], clipped; grey if undefined. */
export function heatmapColor(x: number): string {
  if (!Number.isFinite(x)) return '#eeeeee';
  const t = Math.max(-1, Math.min(1, x));
  const a = Math.round(255 * (1 - Math.abs(t)));
  return t >= 0 ? `rgb(255, ${a}, ${a})` : `rgb(${a}, ${a}, 255)`;
}

/** The cell (row i, column j) under a point given relative to the drawing's top left, or null. */
export function heatmapCellAt(
  layout: HeatmapLayout,
  columns: number,
  x: number,
  y: number,
): { i: number; j: number } | null {
  const j = Math.floor((x - HEATMAP_LABEL_PX) / layout.cell);
  const i = Math.floor((y - HEATMAP_LABEL_PX) / layout.cell);
  return i >= 0 && j >= 0 && i < columns && j < columns ? { i, j } : null;
}

/**
 * Where a key moves the selected cell: arrows by one (stopping at the edges), Home and End to
 * the row's ends, PageUp and PageDown to the column's ends. Null for any other key.
 */
export function heatmapKeyMove(
  key: string,
  at: { i: number; j: number },
  columns: number,
): { i: number; j: number } | null {
  const last = Math.max(0, columns - 1);
  const clamp = (v: number) => Math.max(0, Math.min(last, v));
  switch (key) {
    case 'ArrowRight':
      return { i: at.i, j: clamp(at.j + 1) };
    case 'ArrowLeft':
      return { i: at.i, j: clamp(at.j - 1) };
    case 'ArrowDown':
      return { i: clamp(at.i + 1), j: at.j };
    case 'ArrowUp':
      return { i: clamp(at.i - 1), j: at.j };
    case 'Home':
      return { i: at.i, j: 0 };
    case 'End':
      return { i: at.i, j: last };
    case 'PageUp':
      return { i: 0, j: at.j };
    case 'PageDown':
      return { i: last, j: at.j };
    default:
      return null;
  }
}

/** A name cut to 14 characters for the axis labels. */
export const heatmapShortName = (s: string) => (s.length > 14 ? `${s.slice(0, 13)}…` : s);
