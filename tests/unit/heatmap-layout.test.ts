import { describe, expect, it } from 'vitest';
import {
  HEATMAP_LABEL_PX,
  heatmapCellAt,
  heatmapColor,
  heatmapKeyMove,
  heatmapLayout,
} from '../../src/ui/heatmap-layout';

describe('heatmap layout', () => {
  it('keeps about 300 px of cells, each between 10 and 26 px', () => {
    expect(heatmapLayout(3)).toEqual({ cell: 26, size: HEATMAP_LABEL_PX + 78 });
    expect(heatmapLayout(40)).toEqual({ cell: 10, size: HEATMAP_LABEL_PX + 400 });
    expect(heatmapLayout(20).cell).toBe(15);
  });

  it('finds the cell under a point and none over the labels or past the edge', () => {
    const layout = heatmapLayout(40);
    const at = (i: number, j: number) => [
      HEATMAP_LABEL_PX + j * layout.cell + 5,
      HEATMAP_LABEL_PX + i * layout.cell + 5,
    ];
    expect(heatmapCellAt(layout, 40, ...(at(0, 1) as [number, number]))).toEqual({ i: 0, j: 1 });
    expect(heatmapCellAt(layout, 40, ...(at(39, 7) as [number, number]))).toEqual({ i: 39, j: 7 });
    expect(heatmapCellAt(layout, 40, 50, 200)).toBeNull();
    expect(heatmapCellAt(layout, 40, 200, 50)).toBeNull();
    expect(heatmapCellAt(layout, 40, layout.size + 1, 200)).toBeNull();
  });

  it('colours positive red, negative blue, zero white, clips past ±1 and greys undefined', () => {
    expect(heatmapColor(0)).toBe('rgb(255, 255, 255)');
    expect(heatmapColor(1)).toBe('rgb(255, 0, 0)');
    expect(heatmapColor(-0.5)).toBe('rgb(128, 128, 255)');
    expect(heatmapColor(3)).toBe(heatmapColor(1));
    expect(heatmapColor(NaN)).toBe('#eeeeee');
  });
});

describe('heatmap keyboard', () => {
  it('moves one cell per arrow and stops at the edges', () => {
    expect(heatmapKeyMove('ArrowRight', { i: 2, j: 3 }, 5)).toEqual({ i: 2, j: 4 });
    expect(heatmapKeyMove('ArrowRight', { i: 2, j: 4 }, 5)).toEqual({ i: 2, j: 4 });
    expect(heatmapKeyMove('ArrowUp', { i: 0, j: 3 }, 5)).toEqual({ i: 0, j: 3 });
    expect(heatmapKeyMove('ArrowDown', { i: 2, j: 3 }, 5)).toEqual({ i: 3, j: 3 });
    expect(heatmapKeyMove('ArrowLeft', { i: 2, j: 0 }, 5)).toEqual({ i: 2, j: 0 });
  });

  it('jumps to the ends of the row with Home and End, of the column with PageUp and PageDown', () => {
    expect(heatmapKeyMove('Home', { i: 2, j: 3 }, 5)).toEqual({ i: 2, j: 0 });
    expect(heatmapKeyMove('End', { i: 2, j: 3 }, 5)).toEqual({ i: 2, j: 4 });
    expect(heatmapKeyMove('PageUp', { i: 2, j: 3 }, 5)).toEqual({ i: 0, j: 3 });
    expect(heatmapKeyMove('PageDown', { i: 2, j: 3 }, 5)).toEqual({ i: 4, j: 3 });
  });

  it('ignores other keys', () => {
    expect(heatmapKeyMove('a', { i: 2, j: 3 }, 5)).toBeNull();
    expect(heatmapKeyMove('Tab', { i: 2, j: 3 }, 5)).toBeNull();
  });
});
