/**
 * SDV single-table metadata to and from the schema panel: an imported document becomes kind
 * overrides (applied through the same path as a kind picked by hand); the schema in force is
 * exported as SDV metadata.
 */
import { applySdvMetadata, toSdvMetadata } from '../../core/rules/sdv-metadata';
import type { ColumnOverride, ColumnSpec } from '../../core/types';
import { downloadJson, readJsonFile } from './spec-io';

export interface SdvImport {
  overrides: Record<string, ColumnOverride>;
  warnings: string[];
}

/**
 * The kind overrides SDV metadata asks for (only columns whose kind changes), with warnings
 * for what cannot be applied.
 *
 * @throws Error in the user's words when the document is not SDV metadata.
 */
export function sdvOverrides(columns: readonly ColumnSpec[], json: unknown): SdvImport {
  const { schema, warnings } = applySdvMetadata({ columns: [...columns], missingTokens: [] }, json);
  const overrides: Record<string, ColumnOverride> = {};
  schema.columns.forEach((c, i) => {
    const before = columns[i];
    if (!before) return;
    if (c.kind !== before.kind) overrides[c.name] = { kind: c.kind };
    if (
      c.kind === 'datetime' &&
      c.datetimeFormat &&
      before.datetimeFormat &&
      c.datetimeFormat.pattern !== before.datetimeFormat.pattern
    )
      warnings.push(
        `${c.name}: SDV says dates are written ${c.datetimeFormat.pattern}; the format read from the file (${before.datetimeFormat.pattern}) is kept.`,
      );
  });
  return { overrides, warnings };
}

/** Reads an SDV metadata file the user picked. */
export async function importSdvMetadata(
  file: File,
  columns: readonly ColumnSpec[],
): Promise<SdvImport> {
  let json: unknown;
  try {
    json = JSON.parse(await readJsonFile(file));
  } catch (e) {
    if (e instanceof SyntaxError) throw new Error('This file is not valid JSON.', { cause: e });
    throw e;
  }
  return sdvOverrides(columns, json);
}

/** Downloads the schema in force as SDV single-table metadata. */
export function exportSdvMetadata(
  columns: readonly ColumnSpec[],
  missingTokens: readonly string[],
  name: string,
): void {
  const meta = toSdvMetadata({ columns: [...columns], missingTokens: [...missingTokens] });
  downloadJson(JSON.stringify(meta, null, 2) + '\n', name);
}
