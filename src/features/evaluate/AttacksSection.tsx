import { useState } from 'react';
import { attackSentences } from '../../core/eval/attacks/attack-sentences';
import {
  DEFAULT_ATTACKS,
  defaultLinkColumns,
  type AttackSettings,
  type PrivacyAttacksReport,
} from '../../core/eval/attacks/privacy-attacks';
import { Alert } from '../../ui/Alert';
import { ProgressBar } from '../../ui/ProgressBar';

export interface AttackState {
  /** Share (0-1) of the attacks done while they run; null otherwise. */
  progress: number | null;
  report: PrivacyAttacksReport | null;
  /** Why the attacks could not run, in the user's words. */
  message: string | null;
}

const selected = (select: HTMLSelectElement) => Array.from(select.selectedOptions, (o) => o.value);

/**
 * The privacy attacks regulators name (singling out, linkability, inference), run in the engine
 * on the rows the evaluation scored: how many attacks, which columns are secret, how the
 * attacker's two records split the columns; then one sentence per risk.
 */
export function AttacksSection(props: {
  columns: string[];
  defaultSecret: string | null;
  holdoutRows: number | null;
  state: AttackState;
  disabled: boolean;
  onRun: (settings: AttackSettings) => void;
}) {
  const { columns, state } = props;
  // 2,000 attacks, or as many as the holdout has rows for
  const [count, setCount] = useState(() =>
    String(Math.max(1, Math.min(DEFAULT_ATTACKS, props.holdoutRows ?? DEFAULT_ATTACKS))),
  );
  const [secrets, setSecrets] = useState<string[]>(
    props.defaultSecret !== null ? [props.defaultSecret] : columns.slice(-1),
  );
  const [partA, setPartA] = useState<string[]>(() => defaultLinkColumns(columns)[0]);
  const partB = columns.filter((c) => !partA.includes(c));
  const busy = state.progress !== null;
  const run = () => {
    const attacks = Number(count);
    props.onRun({
      attacks: Number.isFinite(attacks) ? Math.floor(attacks) : 0,
      secrets,
      linkColumns: [partA, partB],
    });
  };
  return (
    <section className="privacy-attacks" aria-labelledby="attacks-title">
      <h4 id="attacks-title">What could an attacker do with the synthetic table?</h4>
      <p className="hint">
        Three attacks, as European data-protection guidance frames the risk: singling out one
        person, linking two records of the same person, and inferring a secret column. Each is also
        run on the {props.holdoutRows?.toLocaleString('en-US') ?? 'holdout'} holdout rows the model
        never saw, so the risk is what the synthetic table adds over chance.
      </p>
      <div className="attack-settings">
        <label>
          Attacks of each kind{' '}
          <input
            type="number"
            min={1}
            step={100}
            value={count}
            aria-label="Attacks of each kind"
            onChange={(e) => setCount(e.target.value)}
          />
        </label>
        <label>
          Secret columns to guess{' '}
          <select
            multiple
            aria-label="Secret columns"
            value={secrets}
            size={Math.min(6, columns.length)}
            onChange={(e) => setSecrets(selected(e.target))}
          >
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          The attacker&apos;s first record holds{' '}
          <select
            multiple
            aria-label="Linkability: columns of the first record"
            value={partA}
            size={Math.min(6, columns.length)}
            onChange={(e) => setPartA(selected(e.target))}
          >
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <p className="hint">The second record holds the others: {partB.join(', ') || '(none)'}.</p>
      </div>
      <div className="button-row">
        <button type="button" className="button" disabled={props.disabled || busy} onClick={run}>
          Run the attacks
        </button>
      </div>
      {state.progress !== null && (
        <ProgressBar
          label="Attacking"
          value={state.progress}
          detail={`${Math.round(100 * state.progress)}%`}
        />
      )}
      {state.message && <Alert tone="error">{state.message}</Alert>}
      {state.report && (
        <ul className="attack-risks" data-testid="attack-risks">
          {attackSentences(state.report).map((s) => (
            <li key={s.title} data-testid="attack-risk" data-risk={s.result.risk}>
              <strong>{s.title}</strong>: {s.text}
              {s.result.warning && <Alert tone="warning">{s.result.warning}</Alert>}
            </li>
          ))}
          {state.report.notes.map((n) => (
            <li key={n} className="hint">
              {n}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
