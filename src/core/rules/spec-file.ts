/**
 * The constraints-and-rules spec as a JSON file, exported and imported with a version:
 *   {"format": "facsimile-spec", "version": 1, "constraints": [...], "columns": [...]}
 * `columns` (rules without data) is optional. Reading also takes what SDV users already have:
 * a bare list of constraints, or {"constraints": [...]}, where each item is a Facsimile
 * constraint or an SDV constraint dictionary. The same object is what a model file carries.
 */
import {
  CONSTRAINT_KINDS,
  ConstraintError,
  describeConstraint,
  type Constraint,
} from './constraints';
import type { RuleColumn } from './rules-spec';
import { fromSdvConstraint, isSdvConstraint, toSdvConstraint, type SdvConstraint } from './sdv';

export const SPEC_FORMAT = 'facsimile-spec';
export const SPEC_VERSION = 1;

export interface SpecFile {
  format: typeof SPEC_FORMAT;
  version: typeof SPEC_VERSION;
  constraints: Constraint[];
  /** Rules without data: the table defined column by column. */
  columns?: RuleColumn[];
}

function readConstraint(item: unknown, i: number): Constraint[] {
  if (isSdvConstraint(item)) {
    try {
      return fromSdvConstraint(item);
    } catch (e) {
      throw new ConstraintError(
        `Constraint ${i + 1}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  const kind = (item as { kind?: unknown } | null)?.kind;
  if (typeof kind === 'string' && (CONSTRAINT_KINDS as readonly string[]).includes(kind))
    return [item as Constraint];
  throw new ConstraintError(
    `Constraint ${i + 1} is neither a Facsimile constraint ("kind": one of ${CONSTRAINT_KINDS.join(', ')}) nor an SDV one ("constraint_class").`,
  );
}

/** Reads the constraints of a parsed spec: a list, or an object with a `constraints` list. */
export function readConstraintList(value: unknown): Constraint[] {
  const list = Array.isArray(value)
    ? value
    : (value as { constraints?: unknown } | null)?.constraints;
  if (list === undefined && value && typeof value === 'object' && !Array.isArray(value)) return [];
  if (!Array.isArray(list)) throw new ConstraintError('"constraints" must be a list.');
  const errors: string[] = [];
  const out: Constraint[] = [];
  list.forEach((item, i) => {
    try {
      out.push(...readConstraint(item, i));
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  });
  if (errors.length > 0) throw new ConstraintError(errors.join('\n'));
  return out;
}

/**
 * Reads a spec file's text. Binding to a table's columns is a separate step
 * (`bindConstraints`), so a spec can be read before the data is.
 *
 * @throws ConstraintError in the user's words: not JSON, a newer version, a bad item.
 */
export function parseSpec(text: string): SpecFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConstraintError('This spec is not valid JSON.');
  }
  const doc = json as Partial<SpecFile> | null;
  if (doc && typeof doc === 'object' && !Array.isArray(doc) && doc.format !== undefined) {
    if (doc.format !== SPEC_FORMAT)
      throw new ConstraintError(
        `This is not a Facsimile spec ("format" is ${String(doc.format)}).`,
      );
    if (doc.version !== SPEC_VERSION)
      throw new ConstraintError(
        `This spec is version ${String(doc.version)}; this app reads version ${SPEC_VERSION}.`,
      );
  }
  if (!doc || typeof doc !== 'object')
    throw new ConstraintError(
      'A spec is a JSON object with "constraints" (or a list of constraints).',
    );
  const constraints = readConstraintList(json);
  const columns = Array.isArray(doc) ? undefined : doc.columns;
  if (columns !== undefined && !Array.isArray(columns))
    throw new ConstraintError('"columns" must be a list of column rules.');
  return {
    format: SPEC_FORMAT,
    version: SPEC_VERSION,
    constraints,
    ...(columns ? { columns: columns as RuleColumn[] } : {}),
  };
}

/** The spec as JSON text, two-space indented. */
export function serializeSpec(
  constraints: readonly Constraint[],
  columns?: readonly RuleColumn[],
): string {
  const file: SpecFile = {
    format: SPEC_FORMAT,
    version: SPEC_VERSION,
    constraints: [...constraints],
    ...(columns ? { columns: [...columns] } : {}),
  };
  return JSON.stringify(file, null, 2) + '\n';
}

/**
 * The constraints as an SDV constraint list, for the kinds SDV has; the others are named in
 * `skipped` so the user knows what SDV will not see.
 */
export function exportSdvConstraints(constraints: readonly Constraint[]): {
  constraints: SdvConstraint[];
  skipped: string[];
} {
  const out: SdvConstraint[] = [];
  const skipped: string[] = [];
  for (const c of constraints) {
    const sdv = toSdvConstraint(c);
    if (sdv) out.push(sdv);
    else skipped.push(`"${describeConstraint(c)}" has no SDV counterpart.`);
  }
  return { constraints: out, skipped };
}
