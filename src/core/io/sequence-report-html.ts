/**
 * The sequence evaluation as a standalone HTML page (inline CSS and SVG, no request anywhere):
 * the judge's figures with the acceptance threshold each is read against, the coherence and
 * event shapes per column as bars, and the clearly associated (subject, event) pairs.
 */
import type { SequenceReport } from '../eval/sequence/sequence-report';
import { barChartSvg, escapeHtml } from './report-html';

const f3 = (x: number | null | undefined) =>
  typeof x === 'number' && Number.isFinite(x) ? x.toFixed(3) : 'n/a';

const CSS = `body{font:14px system-ui,sans-serif;color:#1b1f24;max-width:960px;margin:2em auto;padding:0 1em}
table{border-collapse:collapse;margin:1em 0}td,th{border-bottom:1px solid #d0d7de;padding:4px 10px;text-align:left}
td.n,th.n{text-align:right}.ok{color:#1a7f37}.no{color:#cf222e}svg text{font:11px system-ui,sans-serif;fill:#1b1f24}`;

export interface SequenceReportLine {
  name: string;
  value: number | null | undefined;
  goal: string;
  met: boolean | null;
}

/** The figures of the report, each with the goal it is read against (the HTML page and the studio show these). */
export function sequenceReportLines(r: SequenceReport): SequenceReportLine[] {
  const q = r.quality;
  const e = r.entity;
  const at = (v: number | null | undefined, ok: (x: number) => boolean) =>
    typeof v === 'number' && Number.isFinite(v) ? ok(v) : null;
  return [
    { name: 'Sequential quality', value: q.sequentialQuality, goal: 'higher is better', met: null },
    {
      name: 'Sequence length',
      value: q.sequenceLength.score,
      goal: '≥ 0.85',
      met: at(q.sequenceLength.score, (x) => x >= 0.85),
    },
    { name: 'Subject quality', value: q.subjectQuality, goal: 'higher is better', met: null },
    { name: 'Event shapes', value: q.eventShapes, goal: 'higher is better', met: null },
    { name: 'Intertable trends', value: q.intertableTrends, goal: 'higher is better', met: null },
    {
      name: 'Coherence of consecutive events',
      value: q.coherence,
      goal: '≥ 0.90',
      met: at(q.coherence, (x) => x >= 0.9),
    },
    {
      name: 'Intertable association gap',
      value: q.intertableAssociationGap,
      goal: '≤ 0.10',
      met: at(q.intertableAssociationGap, (x) => x <= 0.1),
    },
    {
      name: 'Order as written',
      value: q.orderAsWritten,
      goal: '= 1',
      met: at(q.orderAsWritten, (x) => x === 1),
    },
    {
      name: 'Integrity (events linked to a subject)',
      value: r.integrity,
      goal: '= 1',
      met: at(r.integrity, (x) => x === 1),
    },
    {
      name: 'Entity detection AUC',
      value: e?.detection?.auc,
      goal: '≤ 0.75 (0.5 ideal)',
      met: at(e?.detection?.auc, (x) => x <= 0.75),
    },
    {
      name: 'Exact entity copies',
      value: e?.exactEntityCopies,
      goal: '= 0',
      met: at(e?.exactEntityCopies, (x) => x === 0),
    },
    {
      name: 'Closer to train than holdout',
      value: e?.closerToTrainShare,
      goal: '0.5 ideal',
      met: null,
    },
  ];
}

/** The whole page. */
export function sequenceReportToHtml(r: SequenceReport, title = 'Sequence evaluation'): string {
  const rows = sequenceReportLines(r)
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.name)}</td><td class="n">${f3(l.value)}</td><td>${escapeHtml(l.goal)}</td>` +
        `<td class="${l.met === false ? 'no' : 'ok'}">${l.met === null ? '' : l.met ? 'met' : 'not met'}</td></tr>`,
    )
    .join('');
  const coherence = Object.entries(r.quality.coherenceByColumn).map(([label, c]) => ({
    label,
    value: c.score,
  }));
  const shapes = Object.entries(r.quality.eventColumnShapes).map(([label, value]) => ({
    label,
    value,
  }));
  const pairs = r.quality.strongPairs
    .map(
      (p) =>
        `<tr><td>${escapeHtml(p.columns.join(' × '))}</td><td class="n">${f3(p.real)}</td><td class="n">${f3(p.synthetic)}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>Key <b>${escapeHtml(r.key)}</b>${r.order ? `, order <b>${escapeHtml(r.order)}</b>` : ''}; subject columns: ${escapeHtml(r.subjectColumns.join(', ') || 'none')}.
Mean events per entity: real ${r.quality.sequenceLength.realMean.toFixed(2)}, synthetic ${r.quality.sequenceLength.syntheticMean.toFixed(2)}.</p>
<table><thead><tr><th>Figure</th><th class="n">Value</th><th>Read against</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<h2>Coherence per event column</h2>${barChartSvg(coherence)}
<h2>Event column shapes</h2>${barChartSvg(shapes)}
<h2>Clearly associated subject and event columns</h2>
${pairs ? `<table><thead><tr><th>Pair</th><th class="n">Real</th><th class="n">Synthetic</th></tr></thead><tbody>${pairs}</tbody></table>` : '<p>No pair has a clear real association.</p>'}
</body></html>
`;
}
