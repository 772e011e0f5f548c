import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { EvaluationReport } from '../../core/eval/evaluate';
import type { UtilityScores } from '../../core/eval/utility';
import { Alert } from '../../ui/Alert';
import { CancellableProgress } from '../../ui/CancellableProgress';
import { AttacksSection, type AttackState } from './AttacksSection';
import type { AttackSettings } from '../../core/eval/attacks/privacy-attacks';
import { guaranteeSentence } from '../../core/eval/attacks/attack-sentences';

export interface EvaluateSettings {
  /** The column utility predicts, or null to leave utility out. */
  target: string | null;
}

export interface EvaluationProgress {
  stage: string;
  share: number;
}

const pct = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined || Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(digits)}%`;
const fixed = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(digits);

/** How many worst columns and pairs the breakdowns show (the exports carry all of them). */
const SHOWN = 12;

function scoreText(s: UtilityScores): string {
  return 'r2' in s
    ? `R² ${fixed(s.r2)}`
    : `accuracy ${pct(s.accuracy)} · macro F1 ${fixed(s.macroF1)}`;
}

function detectionWords(auc: number): string {
  if (auc < 0.6) return 'hard to tell apart from real rows';
  if (auc < 0.75) return 'somewhat distinguishable from real rows';
  if (auc < 0.9) return 'fairly easy to tell apart from real rows';
  return 'easy to tell apart from real rows';
}

/**
 * The evaluation report: quality (column shapes, pair trends), privacy (exact copies, distance
 * to the closest record against the holdout's), utility (train on synthetic, test on real) and
 * detection, with one sentence on how to read each, and the exports.
 */
export function EvaluatePanel(props: {
  columns: string[];
  holdoutRows: number | null;
  defaultTarget: string | null;
  canEvaluate: boolean;
  progress: EvaluationProgress | null;
  report: EvaluationReport | null;
  message: string | null;
  /** The last evaluation was cancelled. */
  cancelled?: boolean;
  onEvaluate: (settings: EvaluateSettings) => void;
  /** Stops the evaluation under way. */
  onCancel?: () => void;
  onDownloadHtml: () => void;
  onDownloadJson: () => void;
  attacks: AttackState;
  onAttack: (settings: AttackSettings, target: string | null) => void;
}) {
  const [target, setTarget] = useState<string>(props.defaultTarget ?? '');
  const { report } = props;
  const shapes = useMemo(
    () =>
      (report?.quality.columns ?? []).slice(0, SHOWN).map((c) => ({
        column: c.column,
        score: Number.isNaN(c.score) ? 0 : Math.round(1000 * c.score) / 10,
      })),
    [report],
  );
  const dcr = useMemo(() => {
    const h = report?.privacy?.histogram;
    if (!h) return [];
    return h.synth.map((s, i) => ({
      bin: `${fixed(h.edges[i], 2)}–${fixed(h.edges[i + 1], 2)}`,
      synthetic: Math.round(1000 * s) / 10,
      holdout: h.holdout ? Math.round(1000 * (h.holdout[i] ?? 0)) / 10 : null,
    }));
  }, [report]);
  const busy = props.progress !== null;
  return (
    <section className="evaluate-panel" aria-labelledby="evaluate-title">
      <h2 id="evaluate-title">Evaluate: is it good, and is it safe?</h2>
      <p className="hint">
        Compares the synthetic rows with the training rows and with the{' '}
        {props.holdoutRows !== null
          ? `${props.holdoutRows.toLocaleString('en-US')} holdout rows the model never saw`
          : 'real rows (no holdout was kept, so privacy has no yardstick and utility is left out)'}
        . Everything runs in this page.
      </p>
      <div className="button-row">
        <label>
          Target column{' '}
          <select value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">(no utility test)</option>
            {props.columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button-primary"
          disabled={!props.canEvaluate || busy}
          onClick={() => props.onEvaluate({ target: target === '' ? null : target })}
        >
          Evaluate
        </button>
        <button
          type="button"
          className="button"
          disabled={!report || busy}
          onClick={props.onDownloadHtml}
        >
          Download report (HTML)
        </button>
        <button
          type="button"
          className="button"
          disabled={!report || busy}
          onClick={props.onDownloadJson}
        >
          Download figures (JSON)
        </button>
      </div>
      <CancellableProgress
        progress={
          props.progress && {
            label: `Evaluating: ${props.progress.stage}`,
            value: props.progress.share,
            detail: pct(props.progress.share, 0),
          }
        }
        cancelLabel="Cancel evaluation"
        {...(props.onCancel ? { onCancel: props.onCancel } : {})}
        cancelled={props.cancelled ? 'Evaluation cancelled: nothing was scored.' : null}
        testId="evaluate-cancelled"
      />
      {props.message && <Alert tone="error">{props.message}</Alert>}
      {report && (
        <div className="evaluation" data-testid="evaluation-report">
          <dl className="headline-figures">
            <div>
              <dt>Overall quality</dt>
              <dd data-testid="quality-overall" data-value={report.quality.overall}>
                {pct(report.quality.overall)}
              </dd>
            </div>
            <div>
              <dt>Column shapes</dt>
              <dd data-testid="quality-shapes">{pct(report.quality.columnShapes)}</dd>
            </div>
            <div>
              <dt>Pair trends</dt>
              <dd data-testid="quality-pairs">{pct(report.quality.columnPairTrends)}</dd>
            </div>
            {report.privacy && (
              <div>
                <dt>Exact copies</dt>
                <dd data-testid="privacy-copies" data-value={report.privacy.exactCopies}>
                  {report.privacy.exactCopies.toLocaleString('en-US')} (
                  {pct(report.privacy.exactCopyShare, 2)})
                </dd>
              </div>
            )}
            {report.privacy?.closerToTrainShare != null && (
              <div>
                <dt>Closer to training</dt>
                <dd data-testid="privacy-closer">{pct(report.privacy.closerToTrainShare)}</dd>
              </div>
            )}
            {report.detection && (
              <div>
                <dt>Detection AUC</dt>
                <dd data-testid="detection-auc" data-value={report.detection.auc}>
                  {fixed(report.detection.auc)}
                </dd>
              </div>
            )}
          </dl>

          <h3>Quality</h3>
          <p className="explain">
            Each bar is one column: 100% means the synthetic values are spread exactly like the real
            ones (1 − Kolmogorov–Smirnov for numbers and dates, 1 − total variation for categories).
            Worst columns first.
          </p>
          <figure aria-label="Column shapes">
            <BarChart
              width={560}
              height={Math.max(120, 22 * shapes.length + 40)}
              data={shapes}
              layout="vertical"
              margin={{ top: 4, right: 16, bottom: 4, left: 8 }}
            >
              <CartesianGrid horizontal={false} strokeDasharray="3 3" />
              <XAxis type="number" domain={[0, 100]} unit="%" />
              <YAxis type="category" dataKey="column" width={150} />
              <Tooltip formatter={(v) => [`${Number(v).toFixed(1)}%`, 'shape score']} />
              <Bar dataKey="score" fill="#2e75b6" isAnimationActive={false} />
            </BarChart>
          </figure>
          <table className="data-table compact" aria-label="Column breakdown">
            <thead>
              <tr>
                <th>Column</th>
                <th>Score</th>
                <th>Missing (real)</th>
                <th>Missing (synthetic)</th>
              </tr>
            </thead>
            <tbody>
              {report.quality.columns.slice(0, SHOWN).map((c) => (
                <tr key={c.column}>
                  <td>{c.column}</td>
                  <td>{pct(c.score)}</td>
                  <td>{pct(c.realMissingShare)}</td>
                  <td>{pct(c.synthMissingShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="explain">
            Pair trends: how well each pair of columns moves together as in the real rows
            (correlation for two numeric columns, the two-way table otherwise). Worst pairs first.
          </p>
          <table className="data-table compact" aria-label="Pair breakdown">
            <thead>
              <tr>
                <th>Pair</th>
                <th>Score</th>
                <th>Real r</th>
                <th>Synthetic r</th>
              </tr>
            </thead>
            <tbody>
              {report.quality.pairs.slice(0, SHOWN).map((p) => (
                <tr key={`${p.a}\u0000${p.b}`}>
                  <td>
                    {p.a} × {p.b}
                  </td>
                  <td>{pct(p.score)}</td>
                  <td>{fixed(p.real, 2)}</td>
                  <td>{fixed(p.synth, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3>Privacy</h3>
          <AttacksSection
            columns={props.columns}
            defaultSecret={target === '' ? null : target}
            holdoutRows={props.holdoutRows}
            state={props.attacks}
            disabled={busy}
            onRun={(settings) => props.onAttack(settings, target === '' ? null : target)}
          />
          <p className="hint" data-testid="privacy-guarantee">
            {guaranteeSentence(report.epsilon)}
          </p>

          {report.privacy && (
            <>
              <h4>Distances to the training rows</h4>
              <Alert tone={report.privacy.verdict.level === 'risk' ? 'error' : 'info'}>
                <strong data-testid="privacy-verdict">{report.privacy.verdict.text}</strong>
                {report.privacy.verdict.flags.length > 0 && (
                  <ul>
                    {report.privacy.verdict.flags.map((f) => (
                      <li key={f}>{f}</li>
                    ))}
                  </ul>
                )}
              </Alert>
              <p className="explain">
                Distance to the closest training row, for each synthetic row (blue) and for each
                unseen real row (orange). If the blue bars pile up nearer zero than the orange ones,
                the model is copying rather than generalising.
              </p>
              <figure aria-label="Distance to closest record">
                <BarChart
                  width={560}
                  height={200}
                  data={dcr}
                  margin={{ top: 4, right: 16, bottom: 4, left: 8 }}
                >
                  <CartesianGrid vertical={false} strokeDasharray="3 3" />
                  <XAxis dataKey="bin" tick={{ fontSize: 10 }} />
                  <YAxis unit="%" />
                  <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} />
                  <Legend />
                  <Bar dataKey="synthetic" fill="#2e75b6" isAnimationActive={false} />
                  {report.privacy.histogram.holdout && (
                    <Bar dataKey="holdout" fill="#e07b39" isAnimationActive={false} />
                  )}
                </BarChart>
              </figure>
              <p className="hint">
                Median distance: synthetic {fixed(report.privacy.dcrMedian)}, holdout{' '}
                {fixed(report.privacy.holdoutDcrMedian)}; nearest-neighbour distance ratio{' '}
                {fixed(report.privacy.nndrMedian)}. {report.privacy.verdict.caveat}
              </p>
            </>
          )}

          {report.utility && (
            <>
              <h3>Utility: train on synthetic, test on real</h3>
              <p className="explain">
                Two models learn to predict “{report.utility.target}” once from the synthetic rows
                and once from the real training rows; both are tested on the holdout. The closer the
                two columns, the more useful the synthetic table is for modelling.
              </p>
              <table className="data-table compact" aria-label="Utility">
                <thead>
                  <tr>
                    <th>Model</th>
                    <th>Trained on synthetic</th>
                    <th>Trained on real</th>
                  </tr>
                </thead>
                <tbody>
                  {report.utility.models.map((m) => (
                    <tr key={m.model}>
                      <td>
                        {m.model === 'logistic_regression'
                          ? 'Logistic regression'
                          : m.model === 'ridge'
                            ? 'Linear (ridge) regression'
                            : 'Gradient-boosted trees'}
                      </td>
                      <td>{scoreText(m.synthetic)}</td>
                      <td>{scoreText(m.real)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}

          {report.detection && (
            <>
              <h3>Detection</h3>
              <p className="explain">
                A gradient-boosted classifier tries to tell synthetic rows from real ones. An AUC of
                0.5 means it cannot (ideal); 1.0 means it always can. Here it is{' '}
                {fixed(report.detection.auc)}: the synthetic rows are{' '}
                {detectionWords(report.detection.auc)}.
              </p>
            </>
          )}
          {(report.notes ?? []).length > 0 && (
            <ul className="hint">
              {(report.notes ?? []).map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
