/**
 * Reading the order column: a number or a date per event, with the cells that are neither
 * counted and shown, never guessed.
 */
import { cellDate, cellNumber, type Cell } from './cells';
import { examplesOf, plural, type OrderKind, type SequenceProblem } from './entity-table';

export interface OrderRead {
  kind: OrderKind;
  values: Float64Array;
  problems: SequenceProblem[];
}

/** Share of present cells a kind must read for the column to be that kind (the judge's 99 %). */
const NUMBER_SHARE = 0.99;

/**
 * The order values of `cells` (NaN for missing): numbers when at least 99 % of the present
 * cells are numbers, else dates. Cells that read as neither are a blocking problem unless
 * `unparseableAsMissing`; missing cells are a warning (those events go last in their entity).
 */
export function readOrder(
  name: string,
  cells: readonly Cell[],
  unparseableAsMissing: boolean,
): OrderRead {
  let present = 0;
  let numbers = 0;
  for (const c of cells) {
    if (c === null) continue;
    present += 1;
    if (Number.isFinite(cellNumber(c))) numbers += 1;
  }
  const kind: OrderKind = present > 0 && numbers >= NUMBER_SHARE * present ? 'number' : 'datetime';
  const parse = kind === 'number' ? cellNumber : cellDate;
  const values = new Float64Array(cells.length);
  const bad: string[] = [];
  let missing = 0;
  cells.forEach((c, i) => {
    const v = parse(c);
    values[i] = Number.isFinite(v) ? v : NaN;
    if (c === null) missing += 1;
    else if (!Number.isFinite(v)) bad.push(c);
  });
  const problems: SequenceProblem[] = [];
  if (bad.length > 0) {
    const what = kind === 'number' ? 'a number' : 'a date';
    problems.push({
      code: 'order-unparseable',
      blocking: !unparseableAsMissing,
      count: bad.length,
      examples: examplesOf(bad),
      message:
        `${plural(bad.length, 'value')} of the order column "${name}" ${bad.length === 1 ? 'is' : 'are'} not ${what} ` +
        `(for example "${examplesOf(bad, 3).join('", "')}"). ` +
        (unparseableAsMissing
          ? 'They are read as missing: those events are kept, last in their entity.'
          : 'Correct them, choose another order column, or read them as missing.'),
    });
  }
  if (missing > 0) {
    problems.push({
      code: 'order-missing',
      blocking: false,
      count: missing,
      examples: [],
      message:
        `${plural(missing, 'event')} ${missing === 1 ? 'has' : 'have'} no value in the order column "${name}": ` +
        'they are kept, after the dated events of their entity, in file order.',
    });
  }
  return { kind, values, problems };
}
