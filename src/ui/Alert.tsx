import type { ReactNode } from 'react';

/** A message the user must see; `role="alert"` so assistive technology reads it out. */
export function Alert(props: {
  tone: 'error' | 'warning' | 'info';
  title?: string;
  children: ReactNode;
  onDismiss?: () => void;
}) {
  return (
    <div className={`alert alert-${props.tone}`} role="alert">
      <div className="alert-body">
        {props.title && <strong className="alert-title">{props.title}</strong>}
        <div>{props.children}</div>
      </div>
      {props.onDismiss && (
        <button
          type="button"
          className="alert-dismiss"
          onClick={props.onDismiss}
          aria-label="Dismiss"
        >
          ×
        </button>
      )}
    </div>
  );
}
