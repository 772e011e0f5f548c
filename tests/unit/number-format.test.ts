import { describe, it, expect } from 'vitest';
import type { NumberFormat } from '../../src/core/types';
import {
  countDecimals,
  detectNumberFormat,
  exponentDigits,
  formatNumber,
  parseNumber,
} from '../../src/core/data/number-format';

const PLAIN: NumberFormat = { decimal: '.', thousands: '' };
const US: NumberFormat = { decimal: '.', thousands: ',' };
const EUROPEAN: NumberFormat = { decimal: ',', thousands: '.' };
const COMMA: NumberFormat = { decimal: ',', thousands: '' };
const SPACE_COMMA: NumberFormat = { decimal: ',', thousands: ' ' };
const SPACE_POINT: NumberFormat = { decimal: '.', thousands: ' ' };

describe('detectNumberFormat', () => {
  it('reads plain integers, decimals, signs and exponents as the plain format', () => {
    const values = ['12', '-3.5', '+7', '.5', '1e-3', '1.2E+5'];
    expect(detectNumberFormat(values)).toEqual({ kind: 'numeric', format: PLAIN });
  });

  it('reads leading-zero codes as plain numbers', () => {
    expect(detectNumberFormat(['007', '042'])).toEqual({ kind: 'numeric', format: PLAIN });
  });

  it('detects US grouping with a decimal point', () => {
    const values = ['1,234,567.89', '12', '999.5'];
    expect(detectNumberFormat(values)).toEqual({ kind: 'numeric', format: US });
  });

  it('detects European grouping with a decimal comma', () => {
    const values = ['1.234.567,89', '12', '3,5'];
    expect(detectNumberFormat(values)).toEqual({ kind: 'numeric', format: EUROPEAN });
  });

  it('detects space grouping with a decimal comma', () => {
    const values = ['1 234 567,89', '12,5'];
    expect(detectNumberFormat(values)).toEqual({ kind: 'numeric', format: SPACE_COMMA });
  });

  it('detects space grouping with a decimal point', () => {
    expect(detectNumberFormat(['1 234.5'])).toEqual({ kind: 'numeric', format: SPACE_POINT });
  });

  it('detects a decimal comma without grouping', () => {
    expect(detectNumberFormat(['3,14', '-2,5'])).toEqual({ kind: 'numeric', format: COMMA });
  });

  it('reports US thousands versus decimal comma as ambiguous when nothing settles it', () => {
    expect(detectNumberFormat(['1,234', '12,500'])).toEqual({
      kind: 'ambiguous',
      candidates: [US, COMMA],
    });
  });

  it.each([
    ['a short decimal part', '1,5'],
    ['an ungrouped integer part', '1234,56'],
  ])('settles the ambiguity as a decimal comma by %s', (_why, settler) => {
    const values = ['1,234', '12,500', settler];
    expect(detectNumberFormat(values)).toEqual({ kind: 'numeric', format: COMMA });
  });

  it('settles the ambiguity as US thousands by a value with a decimal point', () => {
    const values = ['1,234', '12,500', '1,234.5'];
    expect(detectNumberFormat(values)).toEqual({ kind: 'numeric', format: US });
  });

  it('prefers the plain decimal when it reads every value', () => {
    expect(detectNumberFormat(['1.234'])).toEqual({ kind: 'numeric', format: PLAIN });
  });

  it.each([['1.234,5'], ['1.234.567']])(
    'reads 1.234 as European thousands when %s shows the European form',
    (settler) => {
      const values = ['1.234', settler];
      expect(detectNumberFormat(values)).toEqual({ kind: 'numeric', format: EUROPEAN });
    },
  );

  it('rejects a column that mixes two formats', () => {
    expect(detectNumberFormat(['1,234.5', '1.234,5'])).toEqual({ kind: 'not-numeric' });
  });

  it.each([['12abc'], ['1,2,3'], ['--5'], ['1.2.3'], [''], ['Infinity'], ['0x1F'], ['2020-01-01']])(
    'rejects a column holding %j',
    (bad) => {
      expect(detectNumberFormat(['12', bad])).toEqual({ kind: 'not-numeric' });
    },
  );

  it('calls an empty column not numeric', () => {
    expect(detectNumberFormat([])).toEqual({ kind: 'not-numeric' });
  });

  it('returns a format the caller may change without affecting later detections', () => {
    const first = detectNumberFormat(['1']);
    if (first.kind === 'numeric') first.format.thousands = ',';
    expect(detectNumberFormat(['2'])).toEqual({ kind: 'numeric', format: PLAIN });
  });
});

describe('parseNumber', () => {
  it.each([
    ['12', 12],
    ['-3.5', -3.5],
    ['+7', 7],
    ['.5', 0.5],
    ['1e-3', 0.001],
    ['1.2E+5', 120000],
    ['007', 7],
  ])('reads plain %s as %d', (text, expected) => {
    expect(parseNumber(text, PLAIN)).toBe(expected);
  });

  it.each([
    ['1,234,567.89', US, 1234567.89],
    ['1234.5', US, 1234.5],
    ['1.234.567,89', EUROPEAN, 1234567.89],
    ['-1.234', EUROPEAN, -1234],
    ['1 234 567,89', SPACE_COMMA, 1234567.89],
    ['3,14', COMMA, 3.14],
    [',5', COMMA, 0.5],
  ])('reads %s in its format', (text, format, expected) => {
    expect(parseNumber(text, format)).toBe(expected);
  });

  it('accepts no-break and narrow no-break spaces as space grouping', () => {
    expect(parseNumber('1\u00a0234\u202f567,5', SPACE_COMMA)).toBe(1234567.5);
  });

  it('trims spaces around the number', () => {
    expect(parseNumber('  42.5 ', PLAIN)).toBe(42.5);
  });

  it.each([['12,34'], ['1234,567'], ['1,23,456'], ['0,123'], [',123'], ['1,234,']])(
    'rejects badly grouped US number %s',
    (text) => {
      expect(parseNumber(text, US)).toBeNaN();
    },
  );

  it.each([['12abc'], ['--5'], ['1.2.3'], [''], ['Infinity'], ['0x1F'], ['2020-01-01'], ['1.']])(
    'rejects %j in the plain format',
    (text) => {
      expect(parseNumber(text, PLAIN)).toBeNaN();
    },
  );

  it('rejects exponents in a decimal-comma format', () => {
    expect(parseNumber('1,5e3', COMMA)).toBeNaN();
  });

  it('rejects a decimal point in a decimal-comma format', () => {
    expect(parseNumber('1.5', COMMA)).toBeNaN();
  });

  it('reads nothing in a format whose grouping mark is its decimal mark', () => {
    expect(parseNumber('1,5', { decimal: ',', thousands: ',' })).toBeNaN();
  });
});

describe('countDecimals', () => {
  it.each([
    ['12', PLAIN, 0],
    ['3.14', PLAIN, 2],
    ['-0.500', PLAIN, 3],
    ['1,234.5', US, 1],
    ['1.234.567,891', EUROPEAN, 3],
    ['1.234', EUROPEAN, 0],
    ['1e-3', PLAIN, 3],
    ['1.25e1', PLAIN, 1],
    ['1.2E+5', PLAIN, 0],
  ])('counts the decimals of %s', (text, format, expected) => {
    expect(countDecimals(text, format)).toBe(expected);
  });

  it('gives 0 for text that is not a number in the format', () => {
    expect(countDecimals('abc.def', PLAIN)).toBe(0);
  });
});

describe('exponentDigits', () => {
  it.each([
    ['1.343642e-301', 6],
    ['8.474337E+299', 6],
    ['3e8', 0],
    ['-2.5e-3', 1],
  ])('%s is written in exponent notation with %i digits after the mark', (text, digits) => {
    expect(exponentDigits(text, PLAIN)).toBe(digits);
  });

  it.each(['12', '3.14', 'abc', ''])('%j is not exponent notation', (text) => {
    expect(exponentDigits(text, PLAIN)).toBeNull();
  });
});

describe('formatNumber', () => {
  it('groups the integer part in threes with the grouping mark', () => {
    expect(formatNumber(1234567.891, US, 2)).toBe('1,234,567.89');
  });

  it('writes the European decimal comma and dot grouping', () => {
    expect(formatNumber(-1234567.5, EUROPEAN, 1)).toBe('-1.234.567,5');
  });

  it('writes space grouping', () => {
    expect(formatNumber(1234.5, SPACE_COMMA, 2)).toBe('1 234,50');
  });

  it('pads with zeros to the requested decimals', () => {
    expect(formatNumber(2, PLAIN, 3)).toBe('2.000');
  });

  it('rounds to the requested decimals and omits the mark for zero decimals', () => {
    expect(formatNumber(2.6, COMMA, 0)).toBe('3');
  });

  it('does not group numbers below a thousand', () => {
    expect(formatNumber(999, US, 0)).toBe('999');
  });

  it('drops the sign of a negative value that rounds to zero', () => {
    expect(formatNumber(-0.001, PLAIN, 2)).toBe('0.00');
  });

  it('writes very large numbers in full, without an exponent', () => {
    expect(formatNumber(1e21, US, 0)).toBe('1,000,000,000,000,000,000,000');
  });

  it('writes NaN and infinities as an empty (missing) cell', () => {
    expect([NaN, Infinity, -Infinity].map((v) => formatNumber(v, PLAIN, 2))).toEqual(['', '', '']);
  });
});

describe('round trip', () => {
  it.each([
    ['12', PLAIN],
    ['-3.50', PLAIN],
    ['0.001', PLAIN],
    ['1,234,567.89', US],
    ['-12,500', US],
    ['999.5', US],
    ['1.234.567,89', EUROPEAN],
    ['1 234 567,89', SPACE_COMMA],
    ['3,14', COMMA],
  ])('writes %s back exactly as it was read', (text, format) => {
    const value = parseNumber(text, format);
    expect(formatNumber(value, format, countDecimals(text, format))).toBe(text);
  });

  it('writes the detected format back exactly for every value of a column', () => {
    const values = ['1.234,5', '12,25', '1.000.000,75', '7,00'];
    const detection = detectNumberFormat(values);
    if (detection.kind !== 'numeric') throw new Error(`expected numeric, got ${detection.kind}`);
    const { format } = detection;
    const written = values.map((v) =>
      formatNumber(parseNumber(v, format), format, countDecimals(v, format)),
    );
    expect(written).toEqual(values);
  });
});
