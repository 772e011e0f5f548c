import { memo, useMemo } from 'react';
import type { ColumnSummary } from '../../core/eval/column-summary';
import type { ColumnSpec } from '../../core/types';
import { MiniChart, type MiniChartDatum } from '../../ui/MiniChart';
import { formatCount, formatShare, formatValue } from '../../ui/format';
import { useStaggered } from '../../ui/use-staggered';
import { KIND_LABELS } from '../schema/kind-labels';

function chartData(s: ColumnSummary): MiniChartDatum[] {
  if (s.type === 'histogram') return s.bins.map((b) => ({ label: b.label, count: b.count }));
  if (s.type === 'bars') {
    const bars = s.bars.map((b) => ({ label: b.label, count: b.count }));
    return s.other > 0 ? [...bars, { label: 'other', count: s.other }] : bars;
  }
  return [];
}

/** One card per column: its kind, key figures and a small chart of its values. */
export function ColumnCards(props: {
  columns: ColumnSpec[];
  summaries: ColumnSummary[];
  datasetKey: string;
}) {
  // Charts mount one per frame, so showing a wide table never blocks the page.
  const charts = useStaggered(props.columns.length, props.datasetKey, 1);
  // Built once per table, so a card whose chart is already shown is not drawn again each frame.
  const data = useMemo(
    () => props.summaries.map((s) => (s ? chartData(s) : [])),
    [props.summaries],
  );
  return (
    <section className="column-cards" aria-labelledby="cards-title">
      <h2 id="cards-title">Each column at a glance</h2>
      <div className="card-grid">
        {props.columns.map((c, i) => (
          <ColumnCard
            key={c.name}
            column={c}
            summary={props.summaries[i]}
            data={data[i] ?? []}
            chartShown={i < charts}
          />
        ))}
      </div>
    </section>
  );
}

const ColumnCard = memo(function ColumnCard(props: {
  column: ColumnSpec;
  summary: ColumnSummary | undefined;
  data: MiniChartDatum[];
  chartShown: boolean;
}) {
  const { column: c, summary: s, data } = props;
  return (
    <article className={`card${c.excluded ? ' excluded' : ''}`} aria-label={`${c.name} summary`}>
      <header>
        <h3 title={c.name}>{c.name}</h3>
        <span className={`kind kind-${c.kind}`}>{KIND_LABELS[c.kind].label}</span>
      </header>
      {data.length > 0 && !props.chartShown ? (
        <div className="chart-placeholder" aria-hidden="true" />
      ) : data.length > 0 ? (
        <MiniChart data={data} title={`Distribution of ${c.name}`} />
      ) : (
        <p className="card-empty">{s?.type === 'none' ? s.reason : 'No chart.'}</p>
      )}
      <dl>
        <dt>Missing</dt>
        <dd>{formatShare(c.stats.missingShare)}</dd>
        <dt>Distinct</dt>
        <dd>{formatCount(c.stats.distinct)}</dd>
        {c.stats.min !== null && (
          <>
            <dt>Range</dt>
            <dd>
              {formatValue(c.stats.min, c.kind)} – {formatValue(c.stats.max, c.kind)}
            </dd>
          </>
        )}
      </dl>
    </article>
  );
});
