import type { ColumnKind } from '../../core/types';

/** How each kind is named and explained to the user. */
export const KIND_LABELS: Record<ColumnKind, { label: string; help: string }> = {
  continuous: { label: 'Continuous', help: 'Numbers with decimals, such as a price or a height.' },
  integer: { label: 'Integer', help: 'Whole numbers, such as an age or a count.' },
  categorical: { label: 'Categorical', help: 'A value from a set of labels, such as a country.' },
  boolean: { label: 'Boolean', help: 'One of two values, such as yes/no.' },
  datetime: { label: 'Date/time', help: 'Dates or times; written back in the same format.' },
  identifier: {
    label: 'Identifier',
    help: 'Unique per row; new identifiers are generated, not learned.',
  },
  text: { label: 'Free text', help: 'Long, varied text; not modelled, so real text never leaks.' },
  constant: { label: 'Constant', help: 'The same value in every row (or always missing).' },
};
