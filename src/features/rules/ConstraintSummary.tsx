import { describeConstraint, type Constraint } from '../../core/rules/constraints';

/** The rules a finished run keeps, under the run status. */
export function ConstraintSummary(props: { constraints: readonly Constraint[] | undefined }) {
  const list = props.constraints ?? [];
  if (list.length === 0) return null;
  const text = list
    .map((c) => {
      try {
        return describeConstraint(c);
      } catch {
        return c.kind;
      }
    })
    .join('; ');
  return (
    <p className="hint rules-run-summary" data-testid="constraint-summary">
      Every generated row keeps {list.length} rule{list.length === 1 ? '' : 's'}: {text}.
    </p>
  );
}
