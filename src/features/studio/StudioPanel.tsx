import { startTransition, useDeferredValue, type KeyboardEvent } from 'react';
import type { EngineClient } from '../../worker/engine-client';
import type { TrainingState } from '../train/use-training';
import { MODELS } from '../train/model-catalog';
import { MODEL_REGISTRY } from '../../core/models/registry';
import { CompareView } from './CompareView';
import { DistributionView } from './DistributionView';
import { HowItWorks } from './HowItWorks';
import { LossCharts } from './LossCharts';
import { PairHeatmaps } from './PairHeatmaps';
import type { CompareState } from './use-compare';

const TABS = [
  { id: 'loss', label: 'Losses' },
  { id: 'distributions', label: 'Distributions' },
  { id: 'pairs', label: 'Pair trends' },
  { id: 'how', label: 'How it works' },
  { id: 'compare', label: 'Compare models' },
] as const;

export type StudioTab = (typeof TABS)[number]['id'];

/**
 * Watch the model learn: losses and live quality, real against synthetic per column, pair
 * trends, how the model works, and several models compared. Only the open tab is drawn.
 */
export function StudioPanel(props: {
  training: TrainingState;
  compare: CompareState;
  onStopCompare: () => void;
  tab: StudioTab;
  onTab: (tab: StudioTab) => void;
  /** The engine, for "How it works" to explain the trained model. */
  engine?: () => EngineClient | null;
}) {
  const t = props.training;
  // Charts render at low priority: React time-slices the work so typing, clicking and the
  // progress bar never wait for a chart (no main-thread task grows with the chart count).
  const losses = useDeferredValue(t.losses);
  const quality = useDeferredValue(t.qualitySeries);
  const snapshot = useDeferredValue(t.snapshot);
  const kind = t.start?.anatomy.kind ?? t.model?.kind ?? 'ctgan';
  const info = MODELS[kind];
  // WAI-ARIA tabs: arrow keys move between tabs (wrapping), Home and End go to the ends; only
  // the selected tab is in the Tab order.
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.findIndex((x) => x.id === props.tab);
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % TABS.length
        : e.key === 'ArrowLeft'
          ? (at - 1 + TABS.length) % TABS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : -1;
    const next = TABS[to];
    if (!next) return;
    e.preventDefault();
    startTransition(() => props.onTab(next.id));
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <section className="studio-panel" aria-labelledby="studio-title" data-testid="studio">
      <h2 id="studio-title">Watch it learn</h2>
      {MODEL_REGISTRY[kind].differentialPrivacy && (
        <p className="hint" data-testid="studio-dp-note">
          Under differential privacy too, these charts compare the model with your own rows, here in
          this tab only: they read your rows without noise and are outside the privacy budget.
        </p>
      )}
      <div role="tablist" aria-label="Studio views" className="tabs" onKeyDown={onKey}>
        {TABS.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={props.tab === tab.id}
            aria-controls={`tabpanel-${tab.id}`}
            tabIndex={props.tab === tab.id ? 0 : -1}
            className={`tab${props.tab === tab.id ? ' tab-active' : ''}`}
            onClick={() => startTransition(() => props.onTab(tab.id))}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`tabpanel-${props.tab}`}
        aria-labelledby={`tab-${props.tab}`}
        className="tab-panel"
      >
        {props.tab === 'loss' && <LossCharts info={info} losses={losses} quality={quality} />}
        {props.tab === 'distributions' && <DistributionView snapshot={snapshot} />}
        {props.tab === 'pairs' && (
          <PairHeatmaps real={t.start?.realPairs ?? null} snapshot={snapshot} />
        )}
        {props.tab === 'how' && (
          <HowItWorks
            anatomy={t.start?.anatomy ?? null}
            {...(props.engine ? { engine: props.engine } : {})}
            model={t.run === 'training' || t.run === 'paused' ? null : t.model}
          />
        )}
        {props.tab === 'compare' && (
          <CompareView state={props.compare} onStop={props.onStopCompare} />
        )}
      </div>
    </section>
  );
}
