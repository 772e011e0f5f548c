import type { RuleColumn, RuleType } from '../../core/rules/rules-spec';
import {
  checkRuleColumn,
  draftToRule,
  EMPTY_RULE_DRAFT,
  RULE_TYPE_INFO,
  RULE_TYPE_ORDER,
  type RuleColumnDraft,
} from './rule-column-draft';
import { CheckField, FormFooter, TextField, useDraft } from './form-fields';

function NumberFormatFields(props: {
  d: RuleColumnDraft;
  set: (d: Partial<RuleColumnDraft>) => void;
}) {
  return (
    <>
      <TextField
        label="Decimals"
        numeric
        placeholder="2"
        value={props.d.decimals}
        onChange={(decimals) => props.set({ decimals })}
      />
      <CheckField
        label="Whole numbers"
        checked={props.d.integer}
        onChange={(integer) => props.set({ integer })}
      />
    </>
  );
}

function TypeFields(props: { d: RuleColumnDraft; set: (d: Partial<RuleColumnDraft>) => void }) {
  const { d, set } = props;
  switch (d.type) {
    case 'normal':
      return (
        <>
          <TextField label="Mean" numeric value={d.mean} onChange={(mean) => set({ mean })} />
          <TextField
            label="Standard deviation"
            numeric
            value={d.sd}
            onChange={(sd) => set({ sd })}
          />
          <TextField
            label="Lowest allowed"
            numeric
            placeholder="none"
            value={d.min}
            onChange={(min) => set({ min })}
          />
          <TextField
            label="Highest allowed"
            numeric
            placeholder="none"
            value={d.max}
            onChange={(max) => set({ max })}
          />
          <NumberFormatFields d={d} set={set} />
        </>
      );
    case 'uniform':
      return (
        <>
          <TextField label="From" numeric value={d.min} onChange={(min) => set({ min })} />
          <TextField label="To" numeric value={d.max} onChange={(max) => set({ max })} />
          <NumberFormatFields d={d} set={set} />
        </>
      );
    case 'categorical':
      return (
        <>
          <TextField
            label="Values (comma-separated)"
            placeholder="basic, plus, premium"
            value={d.values}
            onChange={(values) => set({ values })}
          />
          <TextField
            label="Weights (comma-separated)"
            placeholder="6, 3, 1 (equal when empty)"
            value={d.weights}
            onChange={(weights) => set({ weights })}
          />
        </>
      );
    case 'datetime':
      return (
        <>
          <TextField
            label="Start"
            placeholder="2024-01-01"
            value={d.start}
            onChange={(start) => set({ start })}
          />
          <TextField
            label="End"
            placeholder="2024-12-31"
            value={d.end}
            onChange={(end) => set({ end })}
          />
          <TextField label="Date format" value={d.format} onChange={(format) => set({ format })} />
        </>
      );
    case 'template':
      return (
        <>
          <TextField
            label="Template"
            placeholder="ID-#####"
            value={d.template}
            onChange={(template) => set({ template })}
          />
          <CheckField
            label="Unique values"
            checked={d.unique}
            onChange={(unique) => set({ unique })}
          />
        </>
      );
    case 'formula':
      return (
        <>
          <TextField
            label="Formula"
            placeholder="price * quantity"
            value={d.formula}
            onChange={(formula) => set({ formula })}
          />
          <NumberFormatFields d={d} set={set} />
        </>
      );
  }
}

/** Writes one column of a table made from rules; a rule that cannot work is refused with why. */
export function RuleColumnForm(props: {
  taken: readonly string[];
  onAdd: (rule: RuleColumn) => void;
}) {
  const { draft, error, set, submit } = useDraft<RuleColumnDraft>(EMPTY_RULE_DRAFT);
  const add = () => {
    const rule = draftToRule(draft);
    const check = () => checkRuleColumn(rule, props.taken);
    submit(check, () => props.onAdd(rule), { ...EMPTY_RULE_DRAFT, type: draft.type });
  };
  return (
    <div className="rules-form">
      <div className="rules-fields">
        <TextField label="Column name" value={draft.name} onChange={(name) => set({ name })} />
        <label>
          Column type
          <select
            aria-label="Column type"
            value={draft.type}
            onChange={(e) => set({ type: e.target.value as RuleType })}
          >
            {RULE_TYPE_ORDER.map((t) => (
              <option key={t} value={t}>
                {RULE_TYPE_INFO[t].label}
              </option>
            ))}
          </select>
        </label>
        <TypeFields d={draft} set={set} />
        <TextField
          label="Empty cells (%)"
          numeric
          placeholder="0"
          value={draft.missing}
          onChange={(missing) => set({ missing })}
        />
      </div>
      <FormFooter
        hint={RULE_TYPE_INFO[draft.type].explain}
        addLabel="Add column"
        onAdd={add}
        error={error}
      />
    </div>
  );
}
