import type { SequenceProblem, SequenceReadOptions } from '../../worker/sequence-client';

/** The choice a problem offers, as a switch on the read options; none for notices. */
const CHOICES: Partial<
  Record<
    SequenceProblem['code'],
    { option: keyof SequenceReadOptions & `${string}`; label: string }
  >
> = {
  'orphan-events': { option: 'dropOrphans', label: 'Set these events aside' },
  'duplicate-subjects': { option: 'keepFirstDuplicate', label: 'Keep the first row of each key' },
  'missing-key': { option: 'dropMissingKeys', label: 'Set the rows with no key aside' },
  'order-unparseable': {
    option: 'unparseableOrderAsMissing',
    label: 'Read the values that are neither numbers nor dates as missing',
  },
};

/**
 * Every problem of the read, with its message and, where the user must choose, the choice as a
 * checkbox (nothing is set aside unless it is ticked). Blocking problems are errors.
 */
export function SequenceProblems(props: {
  problems: SequenceProblem[];
  options: SequenceReadOptions;
  busy: boolean;
  onChoose: (options: SequenceReadOptions) => void;
}) {
  if (props.problems.length === 0)
    return <p className="hint">No problems: every row belongs to an entity.</p>;
  return (
    <ul className="seq-problems" aria-label="Problems with the entities">
      {props.problems.map((p, i) => {
        const choice = CHOICES[p.code];
        return (
          <li
            key={`${p.code}-${i}`}
            className={p.blocking ? 'seq-problem seq-problem-blocking' : 'seq-problem'}
            data-testid={`seq-problem-${p.code}`}
          >
            <strong>{p.blocking ? 'Needs your choice: ' : 'Note: '}</strong>
            {p.message}
            {choice && (
              <label className="seq-choice">
                <input
                  type="checkbox"
                  checked={props.options[choice.option] === true}
                  disabled={props.busy}
                  onChange={(e) =>
                    props.onChoose({ ...props.options, [choice.option]: e.target.checked })
                  }
                />
                {choice.label}
              </label>
            )}
          </li>
        );
      })}
    </ul>
  );
}
