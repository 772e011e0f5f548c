import type { Condition } from '../../core/rules/conditions';

/**
 * Optional conditions on subject columns for the Generate step: a column and a value per
 * row; every written entity meets them all. Values the training subjects hold are offered.
 */
export function SubjectConditions(props: {
  columns: readonly string[];
  values: Readonly<Record<string, string[]>>;
  conditions: Condition[];
  onChange: (conditions: Condition[]) => void;
}) {
  const { columns, values, conditions, onChange } = props;
  if (columns.length === 0) return null;
  const set = (i: number, c: Condition) => onChange(conditions.map((x, k) => (k === i ? c : x)));
  const unused = columns.find((c) => !conditions.some((x) => x.column === c));
  return (
    <fieldset className="seq-conditions" data-testid="seq-conditions">
      <legend>Only entities where (subject columns)</legend>
      {conditions.map((cond, i) => (
        <div key={i} className="seq-condition">
          <select
            aria-label={`Condition ${i + 1} column`}
            value={cond.column}
            onChange={(e) => set(i, { column: e.target.value, value: '' })}
          >
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <span aria-hidden="true">=</span>
          <input
            aria-label={`Condition ${i + 1} value`}
            list={`seq-values-${i}`}
            value={cond.value}
            onChange={(e) => set(i, { ...cond, value: e.target.value })}
          />
          <datalist id={`seq-values-${i}`}>
            {(values[cond.column] ?? []).map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
          <button
            type="button"
            className="button"
            onClick={() => onChange(conditions.filter((_, k) => k !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      {unused !== undefined && (
        <button
          type="button"
          className="button"
          onClick={() =>
            onChange([...conditions, { column: unused, value: values[unused]?.[0] ?? '' }])
          }
        >
          Add a condition
        </button>
      )}
    </fieldset>
  );
}
