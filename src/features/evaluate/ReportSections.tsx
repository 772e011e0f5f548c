/**
 * The parts of the evaluation report, one component each: the headline figures, quality,
 * privacy, utility and detection, each with one sentence on how to read it.
 */
import { useMemo } from 'react';
import { DistanceHistogram, ShapeBars } from './ReportCharts';
import type { EvaluationReport } from '../../core/eval/evaluate';
import type { UtilityScores } from '../../core/eval/utility';
import { Alert } from '../../ui/Alert';

type Report = EvaluationReport;

export const pct = (x: number | null | undefined, digits = 1) =>
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

export function HeadlineFigures({ report }: { report: Report }) {
  return (
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
  );
}

export function QualitySection({ report }: { report: Report }) {
  const shapes = useMemo(
    () =>
      report.quality.columns.slice(0, SHOWN).map((c) => ({
        column: c.column,
        score: Number.isNaN(c.score) ? 0 : Math.round(1000 * c.score) / 10,
      })),
    [report],
  );
  return (
    <>
      <h3>Quality</h3>
      <p className="explain">
        Each bar is one column: 100% means the synthetic values are spread exactly like the real
        ones (1 − Kolmogorov–Smirnov for numbers and dates, 1 − total variation for categories).
        Worst columns first.
      </p>
      <figure aria-label="Column shapes">
        <ShapeBars data={shapes} />
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
        Pair trends: how well each pair of columns moves together as in the real rows (correlation
        for two numeric columns, the two-way table otherwise). Worst pairs first.
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
    </>
  );
}

export function PrivacySection({ privacy }: { privacy: NonNullable<Report['privacy']> }) {
  const dcr = useMemo(() => {
    const h = privacy.histogram;
    return h.synth.map((s, i) => ({
      bin: `${fixed(h.edges[i], 2)}–${fixed(h.edges[i + 1], 2)}`,
      synthetic: Math.round(1000 * s) / 10,
      holdout: h.holdout ? Math.round(1000 * (h.holdout[i] ?? 0)) / 10 : null,
    }));
  }, [privacy]);
  return (
    <>
      <h4>Distances to the training rows</h4>
      <Alert tone={privacy.verdict.level === 'risk' ? 'error' : 'info'}>
        <strong data-testid="privacy-verdict">{privacy.verdict.text}</strong>
        {privacy.verdict.flags.length > 0 && (
          <ul>
            {privacy.verdict.flags.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        )}
      </Alert>
      <p className="explain">
        Distance to the closest training row, for each synthetic row (blue) and for each unseen real
        row (orange). If the blue bars pile up nearer zero than the orange ones, the model is
        copying rather than generalising.
      </p>
      <figure aria-label="Distance to closest record">
        <DistanceHistogram data={dcr} />
      </figure>
      <p className="hint">
        Median distance: synthetic {fixed(privacy.dcrMedian)}, holdout{' '}
        {fixed(privacy.holdoutDcrMedian)}; nearest-neighbour distance ratio{' '}
        {fixed(privacy.nndrMedian)}. {privacy.verdict.caveat}
      </p>
    </>
  );
}

export function UtilitySection({ utility }: { utility: NonNullable<Report['utility']> }) {
  return (
    <>
      <h3>Utility: train on synthetic, test on real</h3>
      <p className="explain">
        Two models learn to predict “{utility.target}” once from the synthetic rows and once from
        the real training rows; both are tested on the holdout. The closer the two columns, the more
        useful the synthetic table is for modelling.
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
          {utility.models.map((m) => (
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
  );
}

export function DetectionSection({ detection }: { detection: NonNullable<Report['detection']> }) {
  return (
    <>
      <h3>Detection</h3>
      <p className="explain">
        A gradient-boosted classifier tries to tell synthetic rows from real ones. An AUC of 0.5
        means it cannot (ideal); 1.0 means it always can. Here it is {fixed(detection.auc)}: the
        synthetic rows are {detectionWords(detection.auc)}.
      </p>
    </>
  );
}
