import { describeConstraint, type Constraint } from '../../core/rules/constraints';
import type { ConstraintCheckResult } from '../../worker/engine-client';
import { formatCount } from '../../ui/format';

function describe(c: Constraint): string {
  try {
    return describeConstraint(c);
  } catch {
    return c.kind;
  }
}

function exampleText(check: ConstraintCheckResult): string {
  return check.examples
    .map(
      (e) =>
        `row ${e.row}: ${Object.entries(e.values)
          .map(([k, v]) => `${k} = ${v ?? 'missing'}`)
          .join(', ')}`,
    )
    .join('; ');
}

/** What the check says of one rule, in words. */
export function checkText(check: ConstraintCheckResult): string {
  switch (check.status) {
    case 'ok':
      return 'OK: every row of the data keeps this.';
    case 'broken':
      return `${formatCount(check.violations)} row${check.violations === 1 ? '' : 's'} break this`;
    case 'invalid':
      return check.error ?? 'This rule does not fit the table.';
    case 'unchecked':
      return 'Not checked on the data (a column it reads is not modelled); checked on every generated row.';
  }
}

/** The rules written so far, each with its check result when there is one. */
export function ConstraintList(props: {
  constraints: readonly Constraint[];
  checks: readonly ConstraintCheckResult[] | null;
  onRemove: (index: number) => void;
  disabled?: boolean;
  /** What to say while the list is empty. */
  emptyText?: string;
}) {
  if (props.constraints.length === 0)
    return (
      <p className="hint">
        {props.emptyText ?? 'No rules yet: the model learns the data as it is.'}
      </p>
    );
  return (
    <ul className="rules-list" aria-label="Rules">
      {props.constraints.map((c, i) => {
        const check = props.checks?.find((x) => x.index === i) ?? null;
        const text = describe(c);
        return (
          <li key={`${i}-${text}`} data-status={check?.status ?? 'unknown'}>
            <span className="rules-description">{text}</span>
            {check && (
              <span className={`rules-check rules-check-${check.status}`}>
                {checkText(check)}
                {check.status === 'broken' && (
                  <span className="rules-examples">, e.g. {exampleText(check)}.</span>
                )}
                {check.note && <span className="hint"> {check.note}</span>}
              </span>
            )}
            <button
              type="button"
              className="button rules-remove"
              aria-label={`Remove rule ${text}`}
              disabled={props.disabled}
              onClick={() => props.onRemove(i)}
            >
              Remove
            </button>
          </li>
        );
      })}
    </ul>
  );
}
