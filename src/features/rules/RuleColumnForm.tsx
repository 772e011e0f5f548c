import { useState } from 'react';
import type { RuleColumn, RuleType } from '../../core/rules/rules-spec';
import {
  checkRuleColumn,
  draftToRule,
  EMPTY_RULE_DRAFT,
  RULE_TYPE_INFO,
  RULE_TYPE_ORDER,
  type RuleColumnDraft,
} from './rule-column-draft';

function Field(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  numeric?: boolean;
}) {
  return (
    <label>
      {props.label}
      <input
        value={props.value}
        inputMode={props.numeric ? 'decimal' : undefined}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

function Check(props: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="rules-check-label">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />{' '}
      {props.label}
    </label>
  );
}

function NumberFormatFields(props: {
  d: RuleColumnDraft;
  set: (d: Partial<RuleColumnDraft>) => void;
}) {
  return (
    <>
      <Field
        label="Decimals"
        numeric
        placeholder="2"
        value={props.d.decimals}
        onChange={(decimals) => props.set({ decimals })}
      />
      <Check
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
          <Field label="Mean" numeric value={d.mean} onChange={(mean) => set({ mean })} />
          <Field label="Standard deviation" numeric value={d.sd} onChange={(sd) => set({ sd })} />
          <Field
            label="Lowest allowed"
            numeric
            placeholder="none"
            value={d.min}
            onChange={(min) => set({ min })}
          />
          <Field
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
          <Field label="From" numeric value={d.min} onChange={(min) => set({ min })} />
          <Field label="To" numeric value={d.max} onChange={(max) => set({ max })} />
          <NumberFormatFields d={d} set={set} />
        </>
      );
    case 'categorical':
      return (
        <>
          <Field
            label="Values (comma-separated)"
            placeholder="basic, plus, premium"
            value={d.values}
            onChange={(values) => set({ values })}
          />
          <Field
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
          <Field
            label="Start"
            placeholder="2024-01-01"
            value={d.start}
            onChange={(start) => set({ start })}
          />
          <Field
            label="End"
            placeholder="2024-12-31"
            value={d.end}
            onChange={(end) => set({ end })}
          />
          <Field label="Date format" value={d.format} onChange={(format) => set({ format })} />
        </>
      );
    case 'template':
      return (
        <>
          <Field
            label="Template"
            placeholder="ID-#####"
            value={d.template}
            onChange={(template) => set({ template })}
          />
          <Check label="Unique values" checked={d.unique} onChange={(unique) => set({ unique })} />
        </>
      );
    case 'formula':
      return (
        <>
          <Field
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
  const [draft, setDraft] = useState<RuleColumnDraft>(EMPTY_RULE_DRAFT);
  const [error, setError] = useState<string | null>(null);
  const set = (d: Partial<RuleColumnDraft>) => {
    setDraft((x) => ({ ...x, ...d }));
    setError(null);
  };
  const add = () => {
    const rule = draftToRule(draft);
    try {
      checkRuleColumn(rule, props.taken);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return;
    }
    props.onAdd(rule);
    setDraft({ ...EMPTY_RULE_DRAFT, type: draft.type });
  };
  return (
    <div className="rules-form">
      <div className="rules-fields">
        <Field label="Column name" value={draft.name} onChange={(name) => set({ name })} />
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
        <Field
          label="Empty cells (%)"
          numeric
          placeholder="0"
          value={draft.missing}
          onChange={(missing) => set({ missing })}
        />
      </div>
      <p className="hint">{RULE_TYPE_INFO[draft.type].explain}</p>
      <div className="button-row">
        <button type="button" className="button" onClick={add}>
          Add column
        </button>
      </div>
      {error && (
        <p className="rules-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
