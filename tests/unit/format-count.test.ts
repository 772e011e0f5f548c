import { describe, expect, it } from 'vitest';
import { formatCount, formatValue } from '../../src/ui/format';

describe('formatCount', () => {
  it('writes whole numbers exactly as toLocaleString("en-US") does', () => {
    const cases = [0, 1, 12, 123, 1234, 12345, 123456, 1234567, 1_000_000, 999_999_999];
    const more = [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, -0];
    for (const n of [...cases, ...cases.map((x) => -x), ...more]) {
      expect(formatCount(n), String(n)).toBe(n.toLocaleString('en-US'));
    }
  });

  it('leaves fractions, NaN and infinities to toLocaleString', () => {
    for (const x of [1234.5678, -0.5, Number.NaN, Infinity, -Infinity]) {
      expect(formatCount(x)).toBe(x.toLocaleString('en-US'));
    }
  });

  it('formats whole values in the cards the same way', () => {
    expect(formatValue(-1234567, 'integer')).toBe('-1,234,567');
  });
});
