import { describe, expect, it } from 'vitest';
import { decimate, smooth } from '../../src/features/studio/chart-data';

const points = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ step: (i + 1) * 10, values: { g: i, d: 2 * i } }));

describe('loss chart data', () => {
  it('keeps a short history point for point', () => {
    expect(decimate(points(3))).toEqual([
      { step: 10, g: 0, d: 0 },
      { step: 20, g: 1, d: 2 },
      { step: 30, g: 2, d: 4 },
    ]);
  });

  it('draws 300 epochs of 65 steps as at most 300 points, ending at the last step', () => {
    const rows = decimate(points(300 * 65), 300);
    expect(rows.length).toBeLessThanOrEqual(300);
    expect(rows.length).toBeGreaterThan(250);
    expect(rows.at(-1)?.step).toBe(300 * 65 * 10);
  });

  it('averages each stride, so a spike is not lost between kept points', () => {
    const p = [0, 0, 90, 0].map((v, i) => ({ step: i + 1, values: { g: v } }));
    expect(decimate(p, 2)).toEqual([
      { step: 2, g: 0 },
      { step: 4, g: 45 },
    ]);
  });

  it('leaves out values that are not finite', () => {
    const p = [
      { step: 1, values: { g: Number.NaN, d: 1 } },
      { step: 2, values: { g: 2, d: 3 } },
    ];
    expect(decimate(p, 1)).toEqual([{ step: 2, g: 2, d: 2 }]);
  });

  it('smooths with an exponential moving average started at the first value', () => {
    const rows = smooth(
      [
        { step: 1, g: 10 },
        { step: 2, g: 20 },
        { step: 3, g: 20 },
      ],
      ['g'],
      0.5,
    );
    expect(rows.map((r) => r.g)).toEqual([10, 15, 17.5]);
  });
});
