/**
 * Reading and writing the rules spec and SDV files from the page: a file the user picks is read
 * as text here; nothing leaves the page, downloads are made from a blob.
 */
import type { Constraint } from '../../core/rules/constraints';
import type { RuleColumn } from '../../core/rules/rules-spec';
import { exportSdvConstraints, parseSpec, serializeSpec } from '../../core/rules/spec-file';
import { downloadBlob } from '../../ui/download';

/** Most bytes read from a spec or metadata file: these are small JSON documents. */
const MAX_SPEC_BYTES = 5_000_000;

/** The text of a JSON file the user picked, or a message in their words. */
export async function readJsonFile(file: File): Promise<string> {
  if (file.size > MAX_SPEC_BYTES)
    throw new Error(
      `${file.name} is ${Math.round(file.size / 1e6)} MB; a rules or metadata file is a small JSON document.`,
    );
  return file.text();
}

/** Reads a spec file: a Facsimile spec, a list of constraints, or an SDV constraint list. */
export async function importSpec(
  file: File,
): Promise<{ constraints: Constraint[]; columns: RuleColumn[] | null }> {
  const spec = parseSpec(await readJsonFile(file));
  return { constraints: spec.constraints, columns: spec.columns ?? null };
}

export function downloadJson(text: string, name: string): void {
  downloadBlob(new Blob([text], { type: 'application/json' }), name);
}

export function exportSpec(
  constraints: readonly Constraint[],
  name: string,
  columns?: readonly RuleColumn[],
): void {
  downloadJson(serializeSpec(constraints, columns), name);
}

/**
 * Downloads the constraints as SDV's constraint list.
 *
 * @returns what SDV has no counterpart for (left out of the file), one line each.
 */
export function exportSdv(constraints: readonly Constraint[], name: string): string[] {
  const { constraints: sdv, skipped } = exportSdvConstraints(constraints);
  downloadJson(JSON.stringify(sdv, null, 2) + '\n', name);
  return skipped;
}
