import { useState, type ReactNode } from 'react';

/** A labelled text input; `numeric` asks touch keyboards for digits. */
export function TextField(props: {
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

/** A labelled checkbox. */
export function CheckField(props: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
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

/**
 * A rule form's draft and its refusal: `set` edits the draft and clears the refusal; `submit`
 * runs `check`, shows what it throws, or else hands the draft on and starts the next one.
 */
export function useDraft<D>(empty: D) {
  const [draft, setDraft] = useState<D>(empty);
  const [error, setError] = useState<string | null>(null);
  const set = (d: Partial<D>) => {
    setDraft((x) => ({ ...x, ...d }));
    setError(null);
  };
  const reset = (d: D) => {
    setDraft(d);
    setError(null);
  };
  const submit = (check: () => void, accept: () => void, next: D) => {
    try {
      check();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return;
    }
    accept();
    setDraft(next);
  };
  return { draft, error, set, reset, submit };
}

/** The foot of a rule form: what the chosen kind does, the add button and the refusal. */
export function FormFooter(props: {
  hint: ReactNode;
  addLabel: string;
  onAdd: () => void;
  error: string | null;
}) {
  return (
    <>
      <p className="hint">{props.hint}</p>
      <div className="button-row">
        <button type="button" className="button" onClick={props.onAdd}>
          {props.addLabel}
        </button>
      </div>
      {props.error && (
        <p className="rules-error" role="alert">
          {props.error}
        </p>
      )}
    </>
  );
}
