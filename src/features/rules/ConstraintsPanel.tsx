import { JsonFileButton } from '../../ui/JsonFileButton';
import { useState } from 'react';
import type { ColumnInfo, Constraint } from '../../core/rules/constraints';
import { columnsOfSchema } from '../../core/rules/constraints';
import type { ColumnSpec } from '../../core/types';
import type { ConstraintCheckResult } from '../../worker/engine-client';
import { ConstraintForm } from './ConstraintForm';
import { ConstraintList } from './ConstraintList';
import { exportSdv, exportSpec, importSpec } from './spec-io';
import './rules.css';

/**
 * The rules every synthetic row must keep, for the loaded table: written here, checked against
 * the real rows, then enforced by training and generation. Import and export as JSON, also in
 * SDV's constraint format.
 */
export function ConstraintsPanel(props: {
  columns: readonly ColumnSpec[];
  constraints: readonly Constraint[];
  onChange: (constraints: Constraint[]) => void;
  onCheck: (constraints: Constraint[]) => Promise<ConstraintCheckResult[]>;
  baseName: string;
  /** A run is training: the rules it uses cannot change under it. */
  locked: boolean;
}) {
  const columns: ColumnInfo[] = columnsOfSchema({ columns: [...props.columns], missingTokens: [] });
  const [checked, setChecked] = useState<{ key: string; checks: ConstraintCheckResult[] } | null>(
    null,
  );
  const [message, setMessage] = useState<Message | null>(null);
  const [checking, setChecking] = useState(false);
  const key = JSON.stringify(props.constraints);
  const checks = checked && checked.key === key ? checked.checks : null;
  const broken = checks?.filter((c) => c.status === 'broken').length ?? 0;

  const change = (next: Constraint[]) => {
    setMessage(null);
    props.onChange(next);
  };
  const check = async () => {
    setChecking(true);
    setMessage(null);
    try {
      const result = await props.onCheck([...props.constraints]);
      setChecked({ key, checks: result });
    } catch (e) {
      setMessage({ tone: 'error', text: e instanceof Error ? e.message : String(e) });
    } finally {
      setChecking(false);
    }
  };

  return (
    <section className="rules-panel" aria-labelledby="rules-title">
      <h2 id="rules-title">Rules every synthetic row keeps (optional)</h2>
      <p className="hint">
        Business rules the real rows obey, such as a ship date never before its order date. Check
        them against the data, and training keeps them: every generated row obeys every rule.
      </p>
      <ConstraintList
        constraints={props.constraints}
        checks={checks}
        disabled={props.locked}
        onRemove={(i) => change(props.constraints.filter((_, j) => j !== i))}
      />
      {checks && (
        <p className="rules-check-summary" aria-live="polite" data-testid="rules-check-summary">
          {broken === 0
            ? 'Checked: the data keeps every rule that fits the table.'
            : `Checked: the data breaks ${broken} rule${broken === 1 ? '' : 's'}. Training still enforces them on the generated rows.`}
        </p>
      )}
      {!props.locked && (
        <ConstraintForm columns={columns} onAdd={(c) => change([...props.constraints, c])} />
      )}
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={props.constraints.length === 0 || checking}
          onClick={() => void check()}
        >
          Check against the data
        </button>
        <JsonFileButton
          label="Import rules (JSON)"
          disabled={props.locked}
          onNote={(n) => setMessage({ tone: n.error ? 'error' : 'info', text: n.text })}
          read={(f) =>
            importSpec(f).then(({ constraints, columns: rules }) => {
              change(constraints);
              return `Read ${constraints.length} rule${constraints.length === 1 ? '' : 's'} from ${f.name}.${rules ? ' Its column rules are for making a table without data (below).' : ''}`;
            })
          }
        />
        <ExportButtons
          constraints={props.constraints}
          baseName={props.baseName}
          onMessage={setMessage}
        />
      </div>
      {message && (
        <p
          className={message.tone === 'error' ? 'rules-error' : 'hint'}
          role={message.tone === 'error' ? 'alert' : undefined}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}

type Message = { tone: 'error' | 'info'; text: string };

/** Export the rules as Facsimile's spec, or as SDV constraint dictionaries (saying what SDV lacks). */
function ExportButtons(props: {
  constraints: readonly Constraint[];
  baseName: string;
  onMessage: (m: Message | null) => void;
}) {
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={props.constraints.length === 0}
        onClick={() => exportSpec(props.constraints, `${props.baseName}.rules.json`)}
      >
        Export rules (JSON)
      </button>
      <button
        type="button"
        className="button"
        disabled={props.constraints.length === 0}
        onClick={() => {
          const skipped = exportSdv(props.constraints, `${props.baseName}.sdv-constraints.json`);
          props.onMessage(
            skipped.length > 0
              ? { tone: 'info', text: `Left out for SDV: ${skipped.join(' ')}` }
              : null,
          );
        }}
      >
        Export for SDV (JSON)
      </button>
    </>
  );
}
