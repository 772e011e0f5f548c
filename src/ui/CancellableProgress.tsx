import { ProgressBar } from './ProgressBar';

/**
 * A long job's progress with its Cancel button, and, once a job was cancelled, a status line
 * saying so (a cancel is the user's choice, not an error).
 */
export function CancellableProgress(props: {
  /** The job's progress; null when none runs. */
  progress: { label: string; value: number; detail: string } | null;
  cancelLabel: string;
  onCancel?: () => void;
  /** Shown when the last job was cancelled; null otherwise. */
  cancelled: string | null;
  testId: string;
}) {
  const { progress } = props;
  return (
    <>
      {progress && (
        <>
          <ProgressBar label={progress.label} value={progress.value} detail={progress.detail} />
          {props.onCancel && (
            <button type="button" className="button" onClick={props.onCancel}>
              {props.cancelLabel}
            </button>
          )}
        </>
      )}
      {props.cancelled && (
        <p className="hint" role="status" data-testid={props.testId}>
          {props.cancelled}
        </p>
      )}
    </>
  );
}
