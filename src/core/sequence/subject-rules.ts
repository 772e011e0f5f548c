/**
 * Conditions and constraints on the subject columns of entities with events: "N new patients
 * with Diet = 2", "every subject keeps age >= 18". They are the one-table rules of
 * `core/rules` (the same condition and constraint types, binding and row checker) applied to
 * the subject table; event columns are refused in words, since they vary within an entity.
 */
import { bindCondition, type Condition } from '../rules/conditions';
import {
  bindConstraints,
  ConstraintError,
  describeConstraint,
  type BoundConstraint,
  type ColumnInfo,
  type Constraint,
} from '../rules/constraints';
import type { TableView } from '../rules/table-view';
import { learnCombinations, makeRowValidator } from '../rules/validity';
import { cellDate, cellNumber, type Cell } from './cells';
import { fitCodec, type CellCodec } from './entity-codec';
import type { EntityTable } from './entity-table';

/** What the user asks of the subject columns. */
export interface SubjectRules {
  conditions: readonly Condition[];
  constraints: readonly Constraint[];
}

/** Subject rules checked against the training table and ready to test new subjects. */
export interface BoundSubjectRules {
  conditions: readonly Condition[];
  /** Conditions (as one-value tests) and constraints, bound to the subject columns. */
  tests: BoundConstraint[];
  /** Per fixed-combinations constraint without listed combinations: the real ones. */
  learned: Map<number, Set<string>>;
  columns: ColumnInfo[];
  /** The cells a model may fix before drawing: one per condition, as the user wrote it. */
  fixed: Record<string, Cell>;
}

type SubjectPart = Pick<EntityTable, 'key' | 'subjectColumns' | 'eventColumns' | 'subjects'>;

function isNumberText(cell: Cell): boolean {
  return cell !== null && Number.isFinite(cellNumber(cell));
}

/** How a constraint sees one subject column: numbers, dates or categories. */
function infoOf(codec: CellCodec): ColumnInfo {
  if (codec.type === 'numeric')
    return { name: codec.name, kind: codec.date ? 'datetime' : 'continuous' };
  const present = codec.levels.filter((l) => l !== null);
  const numbers = present.length > 0 && present.every(isNumberText);
  return { name: codec.name, kind: numbers ? 'continuous' : 'categorical' };
}

/** The subject columns as a constraint sees them (codecs fitted as the models fit them). */
export function subjectCodecs(t: SubjectPart): CellCodec[] {
  return t.subjectColumns.map((c, j) => fitCodec(c, t.subjects[j] ?? []));
}

/** The subject cells as a {@link TableView}: numbers (dates as epoch ms) and texts. */
export function viewOfSubjects(
  columns: readonly ColumnInfo[],
  subjects: readonly (readonly Cell[])[],
  rows: number,
): TableView {
  const byName = new Map(
    columns.map((c, j) => {
      const cells = subjects[j] ?? [];
      const read = c.kind === 'datetime' ? cellDate : cellNumber;
      return [
        c.name,
        { number: (r: number) => read(cells[r] ?? null), text: (r: number) => cells[r] ?? null },
      ];
    }),
  );
  return { rows, column: (name) => byName.get(name) };
}

/** The columns a constraint names, as written. */
function namedColumns(c: Constraint): string[] {
  switch (c.kind) {
    case 'inequality':
      return [c.low, c.high];
    case 'sum':
      return [...c.columns, c.total];
    case 'fixed-combinations':
    case 'unique':
      return c.columns;
    default:
      return [c.column];
  }
}

/** Why `column` cannot carry a subject rule, or null when it is a subject column. */
function notSubject(t: SubjectPart, column: string, what: string): string | null {
  const subjects = t.subjectColumns.join(', ') || 'none';
  if (column === t.key)
    return `${what} names ${column}, the entity key: new entities get new keys, so it cannot hold on them.`;
  if (t.eventColumns.includes(column))
    return `${what} names ${column}, an event column (it changes from event to event): conditions and constraints apply to subject columns, one value per entity (${subjects}).`;
  if (!t.subjectColumns.includes(column))
    return `${what} names ${column}, a column the table does not have (subject columns: ${subjects}).`;
  return null;
}

/** Why the training subjects make `cond` impossible (a value never held), or null. */
function unseenValue(cond: Condition, codec: CellCodec, info: ColumnInfo): string | null {
  const said = `The condition ${cond.column}=${cond.value}`;
  if (codec.type === 'discrete') {
    const x = cellNumber(cond.value);
    const held = codec.levels.some(
      (l) => l === cond.value || (info.kind === 'continuous' && cellNumber(l) === x),
    );
    if (held) return null;
    const levels = codec.levels.filter((l) => l !== null).slice(0, 12);
    return `${said} asks for a value no training subject holds (values of ${cond.column}: ${levels.join(', ')}${codec.levels.length > 12 ? ', ...' : ''}).`;
  }
  const x = codec.date ? cellDate(cond.value) : cellNumber(cond.value);
  if (Number.isNaN(x))
    return `${said} asks for "${cond.value}", which is not a ${codec.date ? 'date' : 'number'} as ${cond.column} holds.`;
  if (x < codec.min || x > codec.max)
    return `${said} asks for a value outside what the training subjects hold (${cond.column} runs from ${codec.date ? new Date(codec.min).toISOString().slice(0, 10) : codec.min} to ${codec.date ? new Date(codec.max).toISOString().slice(0, 10) : codec.max}).`;
  return null;
}

/**
 * Checks the conditions and constraints against the training table's subject columns and
 * binds them; every mistake is told at once.
 *
 * @throws ConstraintError when a rule names the key, an event column or an unknown column, a
 *   condition asks for a value no training subject holds, or a constraint cannot apply.
 */
export function bindSubjectRules(rules: SubjectRules, t: SubjectPart): BoundSubjectRules {
  const codecs = subjectCodecs(t);
  const columns = codecs.map(infoOf);
  const errors: string[] = [];
  const tests: BoundConstraint[] = [];
  const fixed: Record<string, Cell> = {};
  for (const cond of rules.conditions) {
    const wrong = notSubject(t, cond.column, `The condition ${cond.column}=${cond.value}`);
    const j = t.subjectColumns.indexOf(cond.column);
    const problem =
      wrong ??
      (Object.hasOwn(fixed, cond.column) ? `There are two conditions on ${cond.column}.` : null) ??
      unseenValue(cond, codecs[j] as CellCodec, columns[j] as ColumnInfo);
    if (problem) {
      errors.push(problem);
      continue;
    }
    fixed[cond.column] = cond.value;
    tests.push(bindCondition(cond, columns));
  }
  for (const c of rules.constraints)
    for (const name of namedColumns(c)) {
      const wrong = notSubject(t, name, `The constraint "${describeConstraint(c)}"`);
      if (wrong) errors.push(wrong);
    }
  if (errors.length > 0) throw new ConstraintError(errors.join('\n'));
  const bound = bindConstraints([...rules.constraints], columns);
  const view = viewOfSubjects(columns, t.subjects, t.subjects[0]?.length ?? 0);
  const learned = new Map<number, Set<string>>();
  bound.forEach((c, i) => {
    if (c.kind === 'fixed-combinations' && !c.combinations)
      learned.set(tests.length + i, learnCombinations(view, c.columns));
  });
  return { conditions: rules.conditions, tests: [...tests, ...bound], learned, columns, fixed };
}

/**
 * A checker for batches of new subjects: each call marks (1) the entities whose subject cells
 * meet every condition and constraint. Uniqueness is remembered across calls.
 */
export function subjectValidator(
  bound: BoundSubjectRules,
): (t: Pick<EntityTable, 'subjects' | 'keys'>) => Uint8Array {
  const validate = makeRowValidator(bound.tests, bound.learned);
  return (t) => validate(viewOfSubjects(bound.columns, t.subjects, t.keys.length));
}
