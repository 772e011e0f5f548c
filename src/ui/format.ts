/** Display helpers for plain numbers (no app state). */

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
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
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  return x.toLocaleString('en-US', { maximumSignificantDigits: 6 });
}
