/** A labelled progress bar; `value` in [0, 1]. */
export function ProgressBar(props: { value: number; label: string; detail?: string }) {
  const pct = Math.round(Math.max(0, Math.min(1, props.value)) * 100);
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        {/* scaled, not resized: the compositor animates a transform without the page's layout */}
        <div className="progress-fill" style={{ transform: `scaleX(${pct / 100})` }} />
      </div>
      <div className="progress-text">
        {props.label}: {pct}%{props.detail ? ` · ${props.detail}` : ''}
      </div>
    </div>
  );
}
