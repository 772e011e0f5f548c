/**
 * Remembers the user's column corrections in this browser (IndexedDB), keyed by the header, so
 * the same file (or another with the same columns) opens with the same choices next time.
 * idb-keyval: a tiny, well-kept promise wrapper over IndexedDB; the data never leaves the page.
 */
import { createStore, get, set } from 'idb-keyval';
import type { ColumnOverride } from '../../core/types';

export interface RememberedChoices {
  overrides: Record<string, ColumnOverride>;
  missingTokens: string[] | null;
}

const store = typeof indexedDB !== 'undefined' ? createStore('facsimile', 'schema-choices') : null;

/** A key for a header: the column names in order. */
export function headerKey(names: readonly string[]): string {
  return `header:${JSON.stringify(names)}`;
}

export async function loadChoices(names: readonly string[]): Promise<RememberedChoices | null> {
  if (!store) return null;
  try {
    return (await get<RememberedChoices>(headerKey(names), store)) ?? null;
  } catch {
    return null; // Private windows may refuse IndexedDB; the app works without memory.
  }
}

export async function saveChoices(
  names: readonly string[],
  choices: RememberedChoices,
): Promise<void> {
  if (!store) return;
  try {
    await set(headerKey(names), choices, store);
  } catch {
    // Not remembering is acceptable; losing the user's session is not.
  }
}
