/** Display helpers for plain numbers (no app state). */

/**
 * `n.toLocaleString('en-US')`, with whole numbers grouped by hand: the first `toLocaleString`
 * in a page starts ICU's number formatting, a main-thread task of tens of milliseconds that
 * would otherwise land in the middle of loading a file (the progress line counts rows).
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

export function formatShare(x: number): string {
  if (x === 0) return '0%';
  if (x < 0.001) return '<0.1%';
  return `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function formatValue(x: number | null, kind: string): string {
  if (x === null || !Number.isFinite(x)) return '–';
  if (kind === 'datetime')
    return new Date(x).toISOString().replace('T00:00:00.000Z', '').replace('.000Z', 'Z');
  if (Number.isInteger(x)) return formatCount(x);
  return x.toLocaleString('en-US', { maximumSignificantDigits: 6 });
}
