import { MODELS } from './model-catalog';
import type { TrainingState } from './use-training';

function seconds(s: number): string {
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function bestText(b: NonNullable<NonNullable<TrainingState['model']>['best']>): string {
  if (b.stoppedEarly)
    return ` (stopped at epoch ${b.lastEpoch}: no gain in live quality since epoch ${b.epoch}, whose model is kept, ${b.score.toFixed(3)})`;
  if (b.epoch !== b.lastEpoch)
    return ` (kept epoch ${b.epoch}, live quality ${b.score.toFixed(3)}; the last epoch scored ${b.lastScore.toFixed(3)})`;
  return ` (the last epoch scored best: ${b.score.toFixed(3)})`;
}

/** What the run is doing, in words. */
export function runStatusText(state: TrainingState): string {
  const m = state.model;
  switch (state.run) {
    case 'idle':
      return '';
    case 'training':
      // a run that left a lost WebGL context says so while it goes on
      return state.backend?.reason.startsWith('WebGL was lost at')
        ? `Training… ${state.backend.reason}.`
        : 'Training…';
    case 'paused':
      return 'Training paused.';
    case 'stopped':
      return 'Training stopped.';
    case 'failed':
      return state.message ?? 'Training failed.';
    case 'done':
      if (!m) return 'Training complete.';
      if (m.trainRows === null)
        return `Model loaded: ${MODELS[m.kind].title}. Generate rows below.`;
      if (m.keptEpoch !== undefined)
        return (
          `Training stopped at a fault: ${MODELS[m.kind].title} is kept as it was after epoch ` +
          `${m.keptEpoch}. Generate rows below, or train again with the suggested fix.`
        );
      return (
        `Training complete: ${MODELS[m.kind].title} is trained` +
        (m.best ? bestText(m.best) : '') +
        (m.trainSeconds !== null ? ` in ${seconds(m.trainSeconds)}` : '') +
        (m.fitSeconds !== null ? ` (preparing the data took ${m.fitSeconds.toFixed(2)} s)` : '') +
        (m.quality ? `; column shapes ${m.quality.columnShapes.toFixed(3)}` : '') +
        '. Generate rows below.'
      );
  }
}

/** The page's one live region for training: a screen reader hears each change of state. */
export function RunStatus(props: { state: TrainingState }) {
  const text = runStatusText(props.state);
  return (
    <p
      className={`run-status${props.state.run === 'failed' ? ' run-status-failed' : ''}`}
      role="status"
      data-testid="run-status"
    >
      {text}
    </p>
  );
}
