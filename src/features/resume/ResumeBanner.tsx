import { Alert } from '../../ui/Alert';
import { interruptedText, resumedText } from './resume-text';
import type { ResumeState } from './use-resume';

/**
 * Offers to resume a training run that a reload or a crashed tab interrupted, or to discard
 * it; then a short note that it goes on. Also tells when a run cannot be kept for resuming.
 */
export function ResumeBanner(props: {
  state: ResumeState;
  onResume: () => void;
  onDiscard: () => void;
  onDismiss: () => void;
  onDismissWarning: () => void;
}) {
  const { status, run, message, warning } = props.state;
  const offered = run && (status === 'offered' || status === 'discarding');
  return (
    <>
      {offered && (
        <section
          className="alert alert-info resume-banner"
          aria-label="Interrupted training run"
          data-testid="resume-banner"
        >
          <div className="alert-body">
            <strong className="alert-title">{interruptedText(run)}</strong>
            <p className="hint">
              Its table and its last checkpoint are kept only in this browser&apos;s storage for
              this page: nothing was sent anywhere. Resuming reads the table again and trains on
              from epoch {run.epoch + 1}. Training another model, or Discard, removes them.
            </p>
            <div className="button-row">
              <button
                type="button"
                className="button button-primary"
                disabled={status === 'discarding'}
                onClick={props.onResume}
              >
                Resume training
              </button>
              <button
                type="button"
                className="button"
                disabled={status === 'discarding'}
                onClick={props.onDiscard}
              >
                Discard
              </button>
            </div>
            {message && (
              <p className="run-status-failed" role="alert">
                {message}
              </p>
            )}
          </div>
        </section>
      )}
      {run && status === 'resumed' && (
        <section
          className="alert alert-info resume-banner"
          aria-label="Resumed training run"
          data-testid="resume-note"
        >
          <div className="alert-body">{resumedText(run)}</div>
          <button
            type="button"
            className="alert-dismiss"
            aria-label="Dismiss"
            onClick={props.onDismiss}
          >
            ×
          </button>
        </section>
      )}
      {warning && (
        <Alert
          tone="warning"
          title="This run will not resume after a reload"
          onDismiss={props.onDismissWarning}
        >
          {warning}
        </Alert>
      )}
    </>
  );
}
