import type { Condition } from '../../core/rules/conditions';

/** A column a condition can name; `levels` lists its values when it is a category column. */
export interface ConditionColumn {
  name: string;
  levels: readonly string[] | null;
}

/** The conditions ready to send: both a column and a value given. */
export function completeConditions(conditions: readonly Condition[]): Condition[] {
  return conditions.filter((c) => c.column !== '' && c.value.trim() !== '');
}

/**
 * "Only rows where column = value", several at once: categories are picked from their values,
 * other columns take the value typed.
 */
export function ConditionsEditor(props: {
  columns: readonly ConditionColumn[];
  conditions: readonly Condition[];
  onChange: (conditions: Condition[]) => void;
  disabled?: boolean;
}) {
  const { conditions } = props;
  const update = (i: number, change: Partial<Condition>) =>
    props.onChange(conditions.map((c, j) => (j === i ? { ...c, ...change } : c)));
  const used = new Set(conditions.map((c) => c.column));
  return (
    <fieldset className="rules-conditions">
      <legend>Only rows where</legend>
      <p className="hint">
        Every generated row holds these values, e.g. 500 rows of one rare group to study it. A value
        too rare to find in reasonable time gives the rows found and says so.
      </p>
      {conditions.map((cond, i) => {
        const column = props.columns.find((c) => c.name === cond.column);
        const n = i + 1;
        return (
          <div className="rules-condition" key={i}>
            {props.columns.length > 0 ? (
              <select
                aria-label={`Condition ${n} column`}
                value={cond.column}
                disabled={props.disabled}
                onChange={(e) => update(i, { column: e.target.value, value: '' })}
              >
                <option value="">Choose a column</option>
                {props.columns.map((c) => (
                  <option
                    key={c.name}
                    value={c.name}
                    disabled={c.name !== cond.column && used.has(c.name)}
                  >
                    {c.name}
                  </option>
                ))}
              </select>
            ) : (
              <input
                aria-label={`Condition ${n} column`}
                value={cond.column}
                placeholder="column"
                disabled={props.disabled}
                onChange={(e) => update(i, { column: e.target.value })}
              />
            )}
            <span aria-hidden="true">=</span>
            {column?.levels && column.levels.length > 0 ? (
              <select
                aria-label={`Condition ${n} value`}
                value={cond.value}
                disabled={props.disabled}
                onChange={(e) => update(i, { value: e.target.value })}
              >
                <option value="">Choose a value</option>
                {column.levels.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            ) : (
              <input
                aria-label={`Condition ${n} value`}
                value={cond.value}
                placeholder="value"
                disabled={props.disabled}
                onChange={(e) => update(i, { value: e.target.value })}
              />
            )}
            <button
              type="button"
              className="button"
              aria-label={`Remove condition ${n}`}
              disabled={props.disabled}
              onClick={() => props.onChange(conditions.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="button"
        disabled={props.disabled}
        onClick={() => props.onChange([...conditions, { column: '', value: '' }])}
      >
        Add condition
      </button>
    </fieldset>
  );
}
