import { useCallback, useEffect, useRef, useState } from 'react';
import type { RememberedChoices } from '../schema/override-store';
import type { StartedRun } from '../train/use-training';
import type {
  DatasetView,
  EngineClient,
  InterruptedRun,
  LoadProgress,
  TrainCallbacks,
} from '../../worker/engine-client';

/**
 * A resume the user asked for, handed to the training area, which follows it like a run it
 * started. `start` begins it once: a second call (React may run an effect twice) gives null.
 */
export interface ResumeRequest {
  /** The run resumed (its settings, for the train panel). */
  run: InterruptedRun;
  start: (callbacks: TrainCallbacks) => StartedRun | null;
}

/**
 * checking: asking the engine; offered: the banner shows the interrupted run; resumed: the run
 * goes on (a short note stays); none: nothing to offer.
 */
export type ResumeStatus = 'checking' | 'offered' | 'discarding' | 'resumed' | 'none';

export interface ResumeState {
  status: ResumeStatus;
  run: InterruptedRun | null;
  request: ResumeRequest | null;
  /** Discarding failed, in the user's words. */
  message: string | null;
  /** The run training now cannot be kept for resuming (storage refused). */
  warning: string | null;
}

/** Shows a resumed run's table, which the engine reads again (see useDataset's showResumed). */
export type ShowResumedTable = (
  name: string,
  choices: RememberedChoices,
  begin: (onProgress: (p: LoadProgress) => void) => Promise<DatasetView>,
) => void;

/**
 * Offers to resume a training run that a reload or a crashed tab interrupted: asks the engine
 * once at start-up, then resumes or discards it on the user's word.
 */
export function useResume(engine: () => EngineClient | null, showTable: ShowResumedTable) {
  const [state, setState] = useState<ResumeState>({
    status: 'checking',
    run: null,
    request: null,
    message: null,
    warning: null,
  });
  const show = useRef(showTable);
  useEffect(() => {
    show.current = showTable;
  });

  useEffect(() => {
    const client = engine();
    if (!client) return;
    let live = true;
    client
      .interruptedRun()
      .then((run) => {
        if (live) setState((s) => ({ ...s, status: run ? 'offered' : 'none', run }));
      })
      .catch(() => {
        // A stopped engine (a React remount) or no storage: nothing to offer.
        if (live) setState((s) => ({ ...s, status: 'none', run: null }));
      });
    const unsubscribe = client.onStorageWarning((warning) => setState((s) => ({ ...s, warning })));
    return () => {
      live = false;
      unsubscribe();
    };
  }, [engine]);

  const resume = useCallback(() => {
    const run = state.run;
    if (!run || state.status !== 'offered') return;
    let claimed = false;
    const request: ResumeRequest = {
      run,
      start: (callbacks) => {
        const client = engine();
        if (claimed || !client) return null;
        claimed = true;
        const holder: { started: StartedRun | null } = { started: null };
        const choices = { overrides: run.overrides, missingTokens: run.missingTokens };
        // The table view and the training area each follow their part of the one request.
        show.current(run.name, choices, (onProgress) => {
          const resumed = client.resumeRun(callbacks, onProgress);
          holder.started = resumed;
          return resumed.dataset;
        });
        return holder.started;
      },
    };
    setState((s) => ({ ...s, status: 'resumed', request, message: null }));
  }, [engine, state.run, state.status]);

  const discard = useCallback(async () => {
    const client = engine();
    if (!client) return;
    setState((s) => ({ ...s, status: 'discarding', message: null }));
    try {
      await client.discardRun();
      setState((s) => ({ ...s, status: 'none', run: null }));
    } catch (e) {
      setState((s) => ({
        ...s,
        status: 'offered',
        message: `The stored run could not be discarded: ${e instanceof Error ? e.message : String(e)}`,
      }));
    }
  }, [engine]);

  const dismiss = useCallback(() => setState((s) => ({ ...s, status: 'none', run: null })), []);
  const dismissWarning = useCallback(() => setState((s) => ({ ...s, warning: null })), []);

  return { state, commands: { resume, discard, dismiss, dismissWarning } };
}
