import { describe, it, expect } from 'vitest';
import {
  detectDatetimeFormat,
  formatDatetime,
  parseDatetime,
} from '../../src/core/data/datetime-format';

const pattern = (values: string[]): string | null => detectDatetimeFormat(values)?.pattern ?? null;

describe('detectDatetimeFormat', () => {
  it.each([
    [['2020-01-31', '1999-12-01'], 'YYYY-MM-DD'],
    [['2020-01-31T13:45'], 'YYYY-MM-DDTHH:mm'],
    [['2020-01-31T13:45:07'], 'YYYY-MM-DDTHH:mm:ss'],
    [['2020-01-31 13:45:07.123'], 'YYYY-MM-DD HH:mm:ss.SSS'],
    [['2020-01-31T13:45:07Z', '2020-01-31T13:45:07+02:00'], 'YYYY-MM-DDTHH:mm:ssZ'],
    [['2020-01-31T13:45:07.123Z'], 'YYYY-MM-DDTHH:mm:ss.SSSZ'],
  ])('recognises ISO 8601 values %j', (values, expected) => {
    expect(pattern(values)).toBe(expected);
  });

  it('recognises year/month/day with slashes', () => {
    expect(pattern(['2020/01/31', '2020/12/01'])).toBe('YYYY/MM/DD');
  });

  it('chooses day-first when a first part is over 12', () => {
    expect(pattern(['01/02/2020', '31/01/2020'])).toBe('DD/MM/YYYY');
  });

  it('chooses month-first when a second part is over 12', () => {
    expect(pattern(['02/01/2020', '01/31/2020'])).toBe('MM/DD/YYYY');
  });

  it('chooses day-first when no value settles the order', () => {
    expect(pattern(['01/02/2020', '03/04/2021'])).toBe('DD/MM/YYYY');
  });

  it('finds no pattern when one value needs day-first and another month-first', () => {
    expect(pattern(['31/01/2020', '01/31/2020'])).toBeNull();
  });

  it.each([
    [['31.01.2020'], 'DD.MM.YYYY'],
    [['31-01-2020'], 'DD-MM-YYYY'],
    [['12.31.2020'], 'MM.DD.YYYY'],
    [['12-31-2020'], 'MM-DD-YYYY'],
  ])('recognises day and month separated by dots or dashes in %j', (values, expected) => {
    expect(pattern(values)).toBe(expected);
  });

  it.each([
    [['31/01/2020 13:45'], 'DD/MM/YYYY HH:mm'],
    [['31/01/2020 13:45:07'], 'DD/MM/YYYY HH:mm:ss'],
    [['1/31/2020 1:45 PM', '2/1/2020 11:05 AM'], 'M/D/YYYY h:mm A'],
    [['01/31/2020 01:45:00 PM'], 'MM/DD/YYYY hh:mm:ss A'],
  ])('recognises a time after a space in %j', (values, expected) => {
    expect(pattern(values)).toBe(expected);
  });

  it.each([
    [['Jan 1 2000', 'Feb 28 2001'], 'MMM D YYYY'],
    [['Jan 1, 2000'], 'MMM D, YYYY'],
    [['1 Jan 2000'], 'D MMM YYYY'],
    [['January 1, 2000', 'March 15, 2001'], 'MMMM D, YYYY'],
    [['01-Jan-2000', '15-Mar-2001'], 'DD-MMM-YYYY'],
  ])('recognises English month names in %j', (values, expected) => {
    expect(pattern(values)).toBe(expected);
  });

  it('picks unpadded tokens when some value is not zero-padded', () => {
    expect(pattern(['1/5/2020', '12/25/2020'])).toBe('M/D/YYYY');
  });

  it('picks padded tokens when the values are zero-padded', () => {
    expect(pattern(['01/05/2020', '12/25/2020'])).toBe('MM/DD/YYYY');
  });

  it('picks an unpadded hour when some hour is a single digit', () => {
    expect(pattern(['2020-01-31 9:05', '2020-01-31 13:45'])).toBe('YYYY-MM-DD H:mm');
  });

  it('finds no pattern for a column mixing padded and unpadded days', () => {
    expect(pattern(['2020-01-05', '2020-01-6'])).toBeNull();
  });

  it.each([
    ['a bare year', ['1990']],
    ['a compact date', ['20200131']],
    ['a decimal', ['3.5']],
    ['a time alone', ['13:45']],
    ['free text', ['hello world']],
    ['free text around a date', ['due Jan 1 2000']],
    ['a version string', ['1.2.3']],
    ['lower-case month names', ['jan 1 2000']],
    ['two-digit years', ['31/01/20']],
  ])('does not take %s for a date', (_what, values) => {
    expect(detectDatetimeFormat(values)).toBeNull();
  });

  it.each([
    ['February 30', '2020-02-30'],
    ['month 13', '2020-13-01'],
    ['month 0', '2020-00-10'],
    ['day 0', '2020-01-00'],
    ['April 31', '2020-04-31'],
    ['hour 24', '2020-01-01 24:00'],
    ['minute 60', '2020-01-01 12:60'],
    ['February 29 in a common year', '2021-02-29'],
    ['February 29 in a century year', '1900-02-29'],
  ])('rejects a column holding %s', (_what, bad) => {
    expect(detectDatetimeFormat(['2020-01-01', bad])).toBeNull();
  });

  it('accepts February 29 in leap years, including years divisible by 400', () => {
    expect(pattern(['2020-02-29', '2000-02-29'])).toBe('YYYY-MM-DD');
  });

  it('finds no pattern in an empty column', () => {
    expect(detectDatetimeFormat([])).toBeNull();
  });
});

describe('parseDatetime', () => {
  it('reads a date as midnight UTC', () => {
    expect(parseDatetime('2020-01-31', { pattern: 'YYYY-MM-DD' })).toBe(Date.UTC(2020, 0, 31));
  });

  it('reads the wall-clock time as UTC when there is no zone', () => {
    const ms = parseDatetime('2020-01-31 13:45:07.123', { pattern: 'YYYY-MM-DD HH:mm:ss.SSS' });
    expect(ms).toBe(Date.UTC(2020, 0, 31, 13, 45, 7, 123));
  });

  it('reads Z as UTC', () => {
    const ms = parseDatetime('2020-01-31T13:45:00Z', { pattern: 'YYYY-MM-DDTHH:mm:ssZ' });
    expect(ms).toBe(Date.UTC(2020, 0, 31, 13, 45));
  });

  it.each([
    ['+02:00', 11, 45],
    ['-05:30', 19, 15],
    ['+0100', 12, 45],
    ['+01', 12, 45],
  ])('applies the zone offset %s', (offset, hour, minute) => {
    const ms = parseDatetime(`2020-01-31T13:45${offset}`, { pattern: 'YYYY-MM-DDTHH:mmZ' });
    expect(ms).toBe(Date.UTC(2020, 0, 31, hour, minute));
  });

  it('applies an offset that crosses midnight into the previous day', () => {
    const ms = parseDatetime('2020-03-01T01:00+03:00', { pattern: 'YYYY-MM-DDTHH:mmZ' });
    expect(ms).toBe(Date.UTC(2020, 1, 29, 22, 0));
  });

  it('rejects an offset with minutes over 59', () => {
    expect(parseDatetime('2020-01-31T13:45+01:75', { pattern: 'YYYY-MM-DDTHH:mmZ' })).toBeNaN();
  });

  it.each([
    ['12:00 AM', 0, 0],
    ['12:30 PM', 12, 30],
    ['1:45 PM', 13, 45],
    ['11:59 AM', 11, 59],
  ])('reads the 12-hour time %s', (time, hour, minute) => {
    const ms = parseDatetime(`1/31/2020 ${time}`, { pattern: 'M/D/YYYY h:mm A' });
    expect(ms).toBe(Date.UTC(2020, 0, 31, hour, minute));
  });

  it('rejects hour 13 on a 12-hour clock', () => {
    expect(parseDatetime('1/31/2020 13:45 PM', { pattern: 'M/D/YYYY h:mm A' })).toBeNaN();
  });

  it.each([
    ['January 5, 2000', 'MMMM D, YYYY'],
    ['Jan 5 2000', 'MMM D YYYY'],
    ['05-Jan-2000', 'DD-MMM-YYYY'],
  ])('reads the month name in %s', (text, p) => {
    expect(parseDatetime(text, { pattern: p })).toBe(Date.UTC(2000, 0, 5));
  });

  it.each([
    ['2020-02-29', Date.UTC(2020, 1, 29)],
    ['2000-02-29', Date.UTC(2000, 1, 29)],
  ])('accepts the leap day %s', (text, expected) => {
    expect(parseDatetime(text, { pattern: 'YYYY-MM-DD' })).toBe(expected);
  });

  it.each([['2019-02-29'], ['1900-02-29'], ['2020-02-30'], ['2020-06-31']])(
    'rejects the day that does not exist: %s',
    (text) => {
      expect(parseDatetime(text, { pattern: 'YYYY-MM-DD' })).toBeNaN();
    },
  );

  it.each([
    ['an unpadded value in a padded pattern', '2020-1-5', 'YYYY-MM-DD'],
    ['a padded value in an unpadded pattern', '2020-01-05', 'YYYY-M-D'],
    ['text around the value', 'on 2020-01-05', 'YYYY-MM-DD'],
    ['hour 24', '2020-01-05 24:00', 'YYYY-MM-DD HH:mm'],
    ['second 60', '2020-01-05 23:59:60', 'YYYY-MM-DD HH:mm:ss'],
    ['another separator', '2020/01/05', 'YYYY-MM-DD'],
  ])('gives NaN for %s', (_what, text, p) => {
    expect(parseDatetime(text, { pattern: p })).toBeNaN();
  });

  it('reads years below 100 as written, not as 19xx', () => {
    const expected = new Date(0);
    expected.setUTCFullYear(50, 5, 15);
    expect(parseDatetime('0050-06-15', { pattern: 'YYYY-MM-DD' })).toBe(expected.getTime());
  });

  it('ignores spaces around the value', () => {
    expect(parseDatetime(' 2020-01-31 ', { pattern: 'YYYY-MM-DD' })).toBe(Date.UTC(2020, 0, 31));
  });
});

describe('formatDatetime', () => {
  it('writes every padded token', () => {
    const ms = Date.UTC(2020, 0, 5, 3, 4, 5, 6);
    expect(formatDatetime(ms, { pattern: 'YYYY-MM-DD HH:mm:ss.SSS' })).toBe(
      '2020-01-05 03:04:05.006',
    );
  });

  it('writes unpadded tokens and a 12-hour clock', () => {
    const ms = Date.UTC(2020, 0, 5, 0, 7);
    expect(formatDatetime(ms, { pattern: 'M/D/YYYY h:mm A' })).toBe('1/5/2020 12:07 AM');
  });

  it('writes month names', () => {
    const ms = Date.UTC(2001, 8, 9);
    expect(formatDatetime(ms, { pattern: 'MMMM D, YYYY (MMM)' })).toBe('September 9, 2001 (Sep)');
  });

  it('writes the zone as Z, with the time in UTC', () => {
    const ms = parseDatetime('2020-01-31T13:45+02:00', { pattern: 'YYYY-MM-DDTHH:mmZ' });
    expect(formatDatetime(ms, { pattern: 'YYYY-MM-DDTHH:mmZ' })).toBe('2020-01-31T11:45Z');
  });

  it('writes years below 1000 with four digits', () => {
    const ms = parseDatetime('0050-06-15', { pattern: 'YYYY-MM-DD' });
    expect(formatDatetime(ms, { pattern: 'YYYY-MM-DD' })).toBe('0050-06-15');
  });

  it('writes NaN and infinities as an empty (missing) cell', () => {
    const written = [NaN, Infinity].map((ms) => formatDatetime(ms, { pattern: 'YYYY-MM-DD' }));
    expect(written).toEqual(['', '']);
  });
});

describe('round trip', () => {
  it.each([
    [['2020-01-31', '1999-12-01', '2000-02-29']],
    [['2020-01-31T13:45:07Z', '2021-06-01T00:00:00Z']],
    [['2020-01-31 13:45:07.123', '2020-01-31 00:00:00.000']],
    [['2020/01/31', '2020/12/01']],
    [['31/01/2020', '01/02/2020']],
    [['1/31/2020', '2/1/2020', '12/9/2020']],
    [['1/31/2020', '2/28/2020']],
    [['31.01.2020 13:45', '01.02.2020 09:05']],
    [['31-01-2020', '05-11-2020']],
    [['1/31/2020 1:45 PM', '2/1/2020 12:05 AM', '2/1/2020 11:59 PM']],
    [['2020-01-31 9:05', '2020-01-31 0:00', '2020-01-31 23:59']],
    [['Jan 1 2000', 'Dec 31 1999']],
    [['Jan 1, 2000', 'Sep 30, 1999']],
    [['1 Jan 2000', '28 Feb 2001']],
    [['January 1, 2000', 'December 31, 1999']],
    [['01-Jan-2000', '15-Mar-2001']],
  ])('writes every value of %j back exactly with the detected format', (values) => {
    const format = detectDatetimeFormat(values);
    expect(format).not.toBeNull();
    if (format === null) return;
    expect(values.map((v) => formatDatetime(parseDatetime(v, format), format))).toEqual(values);
  });
});
