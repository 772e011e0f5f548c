import { useState } from 'react';
import type { EvaluationReport } from '../../core/eval/evaluate';
import { Alert } from '../../ui/Alert';
import { useStaggered } from '../../ui/use-staggered';
import { CancellableProgress } from '../../ui/CancellableProgress';
import {
  DetectionSection,
  HeadlineFigures,
  pct,
  PrivacySection,
  QualitySection,
  UtilitySection,
} from './ReportSections';
import { AttacksSection, type AttackState } from './AttacksSection';
import type { AttackSettings } from '../../core/eval/attacks/privacy-attacks';
import { guaranteeSentence } from '../../core/eval/attacks/attack-sentences';
import { dpStatement } from '../../core/eval/dp-statement';

export interface EvaluateSettings {
  /** The column utility predicts, or null to leave utility out. */
  target: string | null;
}

export interface EvaluationProgress {
  stage: string;
  share: number;
}

export interface EvaluatePanelProps {
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
  /** Stops the attacks under way. */
  onCancelAttacks?: () => void;
}

/**
 * The evaluation report: quality (column shapes, pair trends), privacy (exact copies, distance
 * to the closest record against the holdout's), utility (train on synthetic, test on real) and
 * detection, with one sentence on how to read each, and the exports.
 */
export function EvaluatePanel(props: EvaluatePanelProps) {
  const [target, setTarget] = useState<string>(props.defaultTarget ?? '');
  const { report } = props;
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
      {report && <ReportView {...props} report={report} target={target} busy={busy} />}
    </section>
  );
}

/** Identity of each report object, so a new report is shown in stages again. */
const reportIds = new WeakMap<EvaluationReport, number>();
let reportsSeen = 0;

function reportKey(report: EvaluationReport): string {
  let id = reportIds.get(report);
  if (id === undefined) {
    reportsSeen += 1;
    id = reportsSeen;
    reportIds.set(report, id);
  }
  return String(id);
}

/**
 * The report, one part per animation frame (figures, quality chart, privacy, the rest): laid
 * out at once, its charts and tables are one main-thread task of several hundred milliseconds.
 */
function ReportView(
  props: EvaluatePanelProps & { report: EvaluationReport; target: string; busy: boolean },
) {
  const { report, target, busy } = props;
  const stage = useStaggered(3, reportKey(report), 1);
  return (
    <div className="evaluation" data-testid="evaluation-report">
      <HeadlineFigures report={report} />
      {stage >= 1 && <QualitySection report={report} />}
      {stage >= 2 && (
        <>
          <h3>Privacy</h3>
          <AttacksSection
            columns={props.columns}
            defaultSecret={target === '' ? null : target}
            holdoutRows={props.holdoutRows}
            state={props.attacks}
            disabled={busy}
            onRun={(settings) => props.onAttack(settings, target === '' ? null : target)}
            {...(props.onCancelAttacks ? { onCancel: props.onCancelAttacks } : {})}
          />
          <GuaranteeNote report={report} />
          {report.privacy && <PrivacySection privacy={report.privacy} />}
        </>
      )}
      {stage >= 3 && (
        <>
          {report.utility && <UtilitySection utility={report.utility} />}
          {report.detection && <DetectionSection detection={report.detection} />}
          {(report.notes ?? []).length > 0 && (
            <ul className="hint">
              {(report.notes ?? []).map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

/** What the model guarantees in privacy terms: its budget part by part, or none. */
function GuaranteeNote(props: { report: EvaluationReport }) {
  const dp = props.report.differentialPrivacy;
  if (!dp)
    return (
      <p className="hint" data-testid="privacy-guarantee">
        {guaranteeSentence(props.report.epsilon)}
      </p>
    );
  const statement = dpStatement(dp);
  return (
    <div data-testid="privacy-guarantee" data-epsilon={dp.epsilon} data-delta={dp.delta}>
      <p>{statement.headline}</p>
      <ul className="hint">
        {statement.parts.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}
