import { sequenceReportLines } from '../../core/io/sequence-report-html';
import { downloadBlob } from '../../ui/download';
import type { SequenceState } from './use-sequence';

const f3 = (x: number | null | undefined) =>
  typeof x === 'number' && Number.isFinite(x) ? x.toFixed(3) : 'n/a';

/**
 * Scores the written entities (or a fresh set as large as the training one) against the
 * training entities and the ones set aside, as `score_seq.py` does; HTML and JSON to download.
 */
export function SequenceEvaluate(props: {
  state: SequenceState;
  baseName: string;
  onEvaluate: (seed: number) => void;
}) {
  const { model, evaluation, busy } = props.state;
  if (!model || model.trainEntities === null) return null;
  return (
    <div className="seq-evaluate">
      <button
        type="button"
        className="button button-primary"
        disabled={busy !== null}
        onClick={() => props.onEvaluate(11)}
      >
        Evaluate entities
      </button>
      {busy === 'evaluating' && <p role="status">Scoring the synthetic entities…</p>}
      {evaluation && (
        <>
          <table className="seq-report" data-testid="seq-report">
            <caption>Sequence evaluation</caption>
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col">Value</th>
                <th scope="col">Read against</th>
              </tr>
            </thead>
            <tbody>
              {sequenceReportLines(evaluation.report).map((l) => (
                <tr key={l.name}>
                  <th scope="row">{l.name}</th>
                  <td>{f3(l.value)}</td>
                  <td>
                    {l.goal}
                    {l.met === false ? ' (not met)' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="seq-actions">
            <button
              type="button"
              className="button"
              onClick={() =>
                downloadBlob(
                  new Blob([evaluation.html], { type: 'text/html' }),
                  `${props.baseName}-sequence-report.html`,
                )
              }
            >
              Download report (HTML)
            </button>
            <button
              type="button"
              className="button"
              onClick={() =>
                downloadBlob(
                  new Blob([evaluation.json], { type: 'application/json' }),
                  `${props.baseName}-sequence-report.json`,
                )
              }
            >
              Download report (JSON)
            </button>
          </div>
        </>
      )}
    </div>
  );
}
