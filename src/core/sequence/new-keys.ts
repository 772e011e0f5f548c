/**
 * Keys for synthetic entities, never equal to a real key: whole numbers above the largest real
 * one when the real keys are whole numbers (so a numeric key stays numeric), else `S-000001`
 * style text (so a text key stays text), skipping any that a real key already uses.
 */
export function newKeys(realKeys: readonly string[], count: number): string[] {
  const taken = new Set(realKeys);
  const numeric = realKeys.length > 0 && realKeys.every((k) => /^\d{1,15}$/.test(k));
  const out: string[] = [];
  if (numeric) {
    let next = realKeys.reduce((m, k) => Math.max(m, Number(k)), 0) + 1;
    while (out.length < count) out.push(String(next++));
    return out;
  }
  const width = Math.max(6, String(count).length);
  for (let i = 1; out.length < count; i += 1) {
    const k = `S-${String(i).padStart(width, '0')}`;
    if (!taken.has(k)) out.push(k);
  }
  return out;
}
