import {
  bindConstraint,
  type ColumnInfo,
  type Constraint,
  type ConstraintKind,
} from '../../core/rules/constraints';
import {
  columnsFor,
  draftToConstraint,
  EMPTY_DRAFT,
  KIND_INFO,
  KIND_ORDER,
  type ConstraintDraft,
} from './constraint-kinds';
import { CheckField, FormFooter, TextField, useDraft } from './form-fields';

function ColumnSelect(props: {
  label: string;
  value: string;
  options: readonly ColumnInfo[];
  onChange: (v: string) => void;
}) {
  return (
    <label>
      {props.label}
      <select
        aria-label={props.label}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">Choose a column</option>
        {props.options.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function ColumnChecks(props: {
  legend: string;
  options: readonly ColumnInfo[];
  selected: readonly string[];
  onChange: (v: string[]) => void;
}) {
  return (
    <fieldset className="rules-checks">
      <legend>{props.legend}</legend>
      {props.options.length === 0 && <span className="hint">No column of the right type.</span>}
      {props.options.map((c) => (
        <label key={c.name}>
          <input
            type="checkbox"
            checked={props.selected.includes(c.name)}
            onChange={(e) =>
              props.onChange(
                e.target.checked
                  ? [...props.selected, c.name]
                  : props.selected.filter((n) => n !== c.name),
              )
            }
          />{' '}
          {c.name}
        </label>
      ))}
    </fieldset>
  );
}

function StrictBox(props: { draft: ConstraintDraft; set: (d: Partial<ConstraintDraft>) => void }) {
  return (
    <CheckField
      label="Strict (equal is not allowed)"
      checked={props.draft.strict}
      onChange={(strict) => props.set({ strict })}
    />
  );
}

/** The fields of one kind of rule. */
function KindFields(props: {
  draft: ConstraintDraft;
  columns: readonly ColumnInfo[];
  set: (d: Partial<ConstraintDraft>) => void;
  needCombinations: boolean;
}) {
  const { draft: d, set } = props;
  const options = columnsFor(d.kind, props.columns);
  const column = (
    <ColumnSelect
      label="Column"
      value={d.column}
      options={options}
      onChange={(column) => set({ column })}
    />
  );
  switch (d.kind) {
    case 'range':
      return (
        <>
          {column}
          <TextField label="Minimum" value={d.min} onChange={(min) => set({ min })} />
          <TextField label="Maximum" value={d.max} onChange={(max) => set({ max })} />
          <StrictBox draft={d} set={set} />
        </>
      );
    case 'positive':
    case 'negative':
      return (
        <>
          {column}
          <StrictBox draft={d} set={set} />
        </>
      );
    case 'inequality':
      return (
        <>
          <ColumnSelect
            label="Low column"
            value={d.low}
            options={options}
            onChange={(low) => set({ low })}
          />
          <ColumnSelect
            label="High column"
            value={d.high}
            options={options}
            onChange={(high) => set({ high })}
          />
          <StrictBox draft={d} set={set} />
        </>
      );
    case 'fixed-combinations':
      return (
        <>
          <ColumnChecks
            legend="Columns to combine"
            options={options}
            selected={d.columns}
            onChange={(columns) => set({ columns })}
          />
          <label className="rules-wide">
            {props.needCombinations
              ? 'Combinations (one per line, values comma-separated)'
              : 'Combinations (optional: left empty, they are learned from the data)'}
            <textarea
              rows={3}
              value={d.combinations}
              placeholder="Paris, France"
              onChange={(e) => set({ combinations: e.target.value })}
            />
          </label>
        </>
      );
    case 'sum':
      return (
        <>
          <ColumnChecks
            legend="Parts"
            options={options.filter((c) => c.name !== d.total)}
            selected={d.columns}
            onChange={(columns) => set({ columns })}
          />
          <ColumnSelect
            label="Total column"
            value={d.total}
            options={options}
            onChange={(total) => set({ total, columns: d.columns.filter((n) => n !== total) })}
          />
        </>
      );
    case 'unique':
      return (
        <ColumnChecks
          legend="Columns that are unique together"
          options={options}
          selected={d.columns}
          onChange={(columns) => set({ columns })}
        />
      );
    case 'allowed-values':
      return (
        <>
          {column}
          <TextField
            label="Allowed values (comma-separated)"
            value={d.values}
            onChange={(values) => set({ values })}
          />
        </>
      );
    case 'format':
      return (
        <>
          {column}
          <TextField
            label="Template"
            value={d.template}
            placeholder="ID-#####"
            onChange={(template) => set({ template })}
          />
        </>
      );
  }
}

/**
 * Writes one rule: its kind, then the columns and values it needs. A rule that does not fit
 * the columns is refused here with the reason, before it reaches the list.
 */
export function ConstraintForm(props: {
  columns: readonly ColumnInfo[];
  onAdd: (c: Constraint) => void;
  /** Without data, fixed combinations must be listed (nothing to learn them from). */
  needCombinations?: boolean;
}) {
  const { draft, error, set, reset, submit } = useDraft<ConstraintDraft>(EMPTY_DRAFT);
  const add = () => {
    const c = draftToConstraint(draft);
    const check = () => {
      bindConstraint(c, props.columns);
      if (props.needCombinations && c.kind === 'fixed-combinations' && !c.combinations)
        throw new Error('Without data, list the combinations that may occur, one per line.');
    };
    submit(check, () => props.onAdd(c), { ...EMPTY_DRAFT, kind: draft.kind });
  };
  return (
    <div className="rules-form">
      <div className="rules-fields">
        <label>
          Rule type
          <select
            aria-label="Rule type"
            value={draft.kind}
            onChange={(e) => reset({ ...EMPTY_DRAFT, kind: e.target.value as ConstraintKind })}
          >
            {KIND_ORDER.map((k) => (
              <option key={k} value={k}>
                {KIND_INFO[k].label}
              </option>
            ))}
          </select>
        </label>
        <KindFields
          draft={draft}
          columns={props.columns}
          set={set}
          needCombinations={props.needCombinations ?? false}
        />
      </div>
      <FormFooter
        hint={KIND_INFO[draft.kind].explain}
        addLabel="Add rule"
        onAdd={add}
        error={error}
      />
    </div>
  );
}
