/**
 * The engine client's call shapes: what a call takes (its AbortSignal, its callbacks), what it
 * gives back, and the failure it rejects with; and how a call's updates reach its callbacks.
 */
import type { TrainReport } from '../core/train/train-loop';
import type {
  Answer,
  BackendName,
  EngineUpdate,
  EpochLine,
  ErrorCode,
  LossPoint,
  TrainFault,
  TrainSnapshot,
  TrainStart,
} from './protocol';

export interface TrainCallbacks {
  /** Stops the run (as Stop does); the run then ends with a 'cancelled' EngineError. */
  signal?: AbortSignal;
  onBackend?: (name: BackendName, reason: string, threads?: number) => void;
  /** The latest report, with every loss point and finished epoch since the previous call. */
  onReport?: (report: TrainReport, losses: LossPoint[], epochs: EpochLine[]) => void;
  /** Once, as training starts: the model's anatomy and the real pair associations. */
  onStart?: (start: TrainStart) => void;
  /** Every few epochs: real against a sample of the model as it is now. */
  onSnapshot?: (snapshot: TrainSnapshot) => void;
  /** The run hit a fault (a NaN loss): what was kept and what to try instead. */
  onFault?: (fault: TrainFault) => void;
}

export interface Generated {
  csv: Blob;
  preview: string[][];
  names: string[];
  rows: number;
  seconds: number;
  /** True when fewer rows than asked for could be found (a condition too rare). */
  partial: boolean;
  /** Why the result is partial, in the user's words; null when complete. */
  message: string | null;
}

/** A failure the engine reported, in the user's words. */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export interface LoadProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export /** How a call is made: an AbortSignal that cancels it, and where its updates go. */
interface CallOptions {
  signal?: AbortSignal;
  onUpdate?: (r: EngineUpdate) => void;
}

export function loadOptions(options: {
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
}): CallOptions {
  const { signal, onProgress } = options;
  return {
    ...(signal ? { signal } : {}),
    onUpdate: (m) => (m.type === 'progress' ? onProgress?.(m) : undefined),
  };
}

export function generateUpdates(
  onProgress?: (done: number, total: number) => void,
): (m: EngineUpdate) => void {
  return (m) => (m.type === 'generate-progress' ? onProgress?.(m.done, m.total) : undefined);
}

export function generated(r: Answer<'generate'>): Generated {
  const { csv, preview, names, rows, seconds, partial, message } = r;
  return { csv, preview, names, rows, seconds, partial, message };
}

/** A training run's signal, and its intermediate messages routed to its callbacks. */
export function trainOptions(callbacks: TrainCallbacks): CallOptions {
  return {
    ...(callbacks.signal ? { signal: callbacks.signal } : {}),
    onUpdate: (m) => {
      if (m.type === 'backend') callbacks.onBackend?.(m.name, m.reason, m.threads);
      if (m.type === 'train-progress') callbacks.onReport?.(m.report, m.losses, m.epochs);
      if (m.type === 'train-start') callbacks.onStart?.(m.start);
      if (m.type === 'train-snapshot') callbacks.onSnapshot?.(m.snapshot);
      if (m.type === 'train-fault') callbacks.onFault?.(m.fault);
    },
  };
}
