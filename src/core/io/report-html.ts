/**
 * The evaluation report as one standalone HTML page: inline CSS, charts as inline SVG, the
 * figures as JSON inside the page, and nothing fetched from anywhere, so it opens offline and
 * can be mailed as a single file. Pure: report in, string out.
 */
import { attackSentences, guaranteeSentence } from '../eval/attacks/attack-sentences';
import { budgetNumber, dpStatement } from '../eval/dp-statement';
import type { EvaluationReport } from '../eval/evaluate';
import type { DcrHistogram, PrivacyReport } from '../eval/privacy';
import type { QualityReport } from '../eval/quality';
import { reportToJson } from './report-json';

export interface HtmlOptions {
  title?: string;
  /** Shown under the title; the caller's clock, so this function stays pure. */
  generatedAt?: string;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const fmt = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
const pct = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`;

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.2rem .6rem;border-bottom:1px solid #eaeef2;text-align:left}
td{overflow-wrap:anywhere}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.big{font-size:2rem;font-weight:600}
.muted{color:#57606a}.verdict{padding:.6rem .8rem;border-radius:6px;margin:.5rem 0}
.ok{background:#dafbe1}.caution{background:#fff8c5}.risk{background:#ffebe9}
svg text{font:11px system-ui,sans-serif;fill:#1b1f24}`;

function table(head: string[], rows: string[][], numeric: boolean[]): string {
  const th = head.map((h, i) => `<th${numeric[i] ? ' class="n"' : ''}>${escapeHtml(h)}</th>`);
  const body = rows.map(
    (r) =>
      `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="n"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`,
  );
  return `<table><thead><tr>${th.join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

/** Horizontal bars, one per item, scores 0-1. */
export function barChartSvg(items: { label: string; value: number }[], width = 640): string {
  const row = 18;
  const labelW = 180;
  const barW = width - labelW - 50;
  const height = items.length * row + 24;
  const bars = items.map((item, i) => {
    const y = i * row + 4;
    const v = Number.isFinite(item.value) ? Math.max(0, Math.min(1, item.value)) : 0;
    const colour = v >= 0.9 ? '#2da44e' : v >= 0.75 ? '#bf8700' : '#cf222e';
    return (
      `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end">${escapeHtml(item.label.slice(0, 28))}</text>` +
      `<rect x="${labelW}" y="${y}" width="${(v * barW).toFixed(1)}" height="${row - 5}" fill="${colour}"/>` +
      `<text x="${labelW + v * barW + 4}" y="${y + 12}">${fmt(item.value)}</text>`
    );
  });
  const axis = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const x = labelW + t * barW;
    return `<line x1="${x}" x2="${x}" y1="0" y2="${height - 18}" stroke="#d0d7de"/><text x="${x}" y="${height - 4}" text-anchor="middle">${t}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Column shape scores" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${axis.join('')}${bars.join('')}</svg>`;
}

/** The DCR histogram: synthetic rows against holdout rows, as shares per distance bin. */
export function dcrHistogramSvg(h: DcrHistogram, width = 640, height = 220): string {
  const pad = { left: 44, right: 10, top: 10, bottom: 34 };
  const w = width - pad.left - pad.right;
  const ht = height - pad.top - pad.bottom;
  const bins = h.synth.length;
  const top = Math.max(1e-9, ...h.synth, ...(h.holdout ?? []));
  const slot = w / Math.max(1, bins);
  const series = h.holdout ? 2 : 1;
  const bars: string[] = [];
  const draw = (values: number[], k: number, colour: string) =>
    values.forEach((v, i) => {
      const bh = (v / top) * ht;
      const x = pad.left + i * slot + (k * slot) / series + 1;
      bars.push(
        `<rect x="${x.toFixed(1)}" y="${(pad.top + ht - bh).toFixed(1)}" width="${Math.max(1, slot / series - 2).toFixed(1)}" height="${bh.toFixed(1)}" fill="${colour}"/>`,
      );
    });
  draw(h.synth, 0, '#0969da');
  if (h.holdout) draw(h.holdout, 1, '#bf8700');
  const ticks = [0, Math.floor(bins / 2), bins].map((i) => {
    const x = pad.left + i * slot;
    return `<text x="${x}" y="${height - 18}" text-anchor="middle">${fmt(h.edges[i], 2)}</text>`;
  });
  const legend =
    `<rect x="${pad.left}" y="${height - 12}" width="10" height="10" fill="#0969da"/><text x="${pad.left + 14}" y="${height - 3}">synthetic → training</text>` +
    (h.holdout
      ? `<rect x="${pad.left + 150}" y="${height - 12}" width="10" height="10" fill="#bf8700"/><text x="${pad.left + 164}" y="${height - 3}">holdout → training</text>`
      : '');
  const yAxis = `<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${pad.top + ht}" stroke="#57606a"/><line x1="${pad.left}" x2="${pad.left + w}" y1="${pad.top + ht}" y2="${pad.top + ht}" stroke="#57606a"/><text x="${pad.left - 4}" y="${pad.top + 8}" text-anchor="end">${pct(top)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Distance to the closest training record" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${yAxis}${bars.join('')}${ticks.join('')}${legend}</svg>`;
}

function qualitySection(q: QualityReport): string {
  const shapes = q.columns.map((c) => ({ label: c.column, value: c.score }));
  const shapeRows = q.columns.map((c) => [
    c.column,
    c.metric,
    fmt(c.score),
    pct(c.realMissingShare),
    pct(c.synthMissingShare),
  ]);
  const pairRows = q.pairs
    .slice(0, 40)
    .map((p) => [`${p.a} × ${p.b}`, p.metric, fmt(p.score), fmt(p.real), fmt(p.synth)]);
  return `<h2>Quality</h2>
<p><span class="big">${fmt(q.overall)}</span> overall (0–1, higher is closer to the real rows)<br>
column shapes ${fmt(q.columnShapes)} · column pair trends ${fmt(q.columnPairTrends)}</p>
<h3>Column shapes, worst first</h3>${barChartSvg(shapes)}
${table(['column', 'metric', 'score', 'missing (real)', 'missing (synthetic)'], shapeRows, [false, false, true, true, true])}
<h3>Column pair trends, worst first</h3>
${table(['pair', 'metric', 'score', 'real r', 'synthetic r'], pairRows, [false, false, true, true, true])}
${q.pairs.length > 40 ? `<p class="muted">${q.pairs.length - 40} more pairs in the JSON.</p>` : ''}`;
}

function distanceSection(p: PrivacyReport): string {
  const rows: string[][] = [
    ['exact copies of training rows', `${p.exactCopies} (${pct(p.exactCopyShare)})`],
    ['median distance to closest training record (synthetic)', fmt(p.dcrMedian, 4)],
    ['median distance to closest training record (holdout)', fmt(p.holdoutDcrMedian, 4)],
    ['5th percentile distance (synthetic)', fmt(p.dcrP05, 4)],
    ['share closer to training than to holdout (ideal 0.5)', fmt(p.closerToTrainShare)],
    ['nearest-neighbour distance ratio, median', fmt(p.nndrMedian)],
    [
      'rows compared',
      `${p.synthRowsUsed} synthetic vs ${p.trainRowsUsed} training, ${p.columnsUsed} columns`,
    ],
  ];
  const flags = p.verdict.flags.map((f) => `<li>${escapeHtml(f)}</li>`).join('');
  return `<h3>Distances to the training rows</h3>
<div class="verdict ${p.verdict.level}"><strong>${escapeHtml(p.verdict.level.toUpperCase())}</strong>: ${escapeHtml(p.verdict.text)}${flags ? `<ul>${flags}</ul>` : ''}</div>
<p class="muted">${escapeHtml(p.verdict.caveat)}</p>
${table(['check', 'value'], rows, [false, true])}
<h4>Distance to the closest training record</h4>${dcrHistogramSvg(p.histogram)}`;
}

function attacksSection(r: EvaluationReport): string {
  const a = r.privacyAttacks;
  if (!a) {
    return r.privacyAttacksError
      ? `<div class="verdict caution" id="privacy-attacks">The singling-out, linkability and inference attacks did not run: ${escapeHtml(r.privacyAttacksError)}</div>`
      : '';
  }
  const sentences = attackSentences(a);
  const items = sentences.map(
    (s) =>
      `<li class="risk-line"><strong>${escapeHtml(s.title)}</strong>: ${escapeHtml(s.text)}${s.result.warning ? `<div class="verdict caution">Warning: ${escapeHtml(s.result.warning)} (naive baseline ${pct(s.result.baselineRate)}, attack ${pct(s.result.attackRate)}).</div>` : ''}</li>`,
  );
  const rows = sentences.map((s) => [
    s.title,
    fmt(s.result.risk),
    `${fmt(s.result.ci[0])}–${fmt(s.result.ci[1])}`,
    pct(s.result.attackRate),
    pct(s.result.controlRate),
    pct(s.result.baselineRate),
    s.result.attacks.toLocaleString('en-US'),
  ]);
  return `<section id="privacy-attacks"><h3>What an attacker can do with the synthetic table</h3>
<ul>${items.join('')}</ul>
${table(['attack', 'risk', '95% interval', 'attack success', 'control success', 'naive baseline', 'attacks'], rows, [false, true, true, true, true, true, true])}
<p class="muted">Risk is the attack's success on the people the generator learned from in excess of its success on people it never saw (the holdout), as a share of what was left to gain (Anonymeter, Giomi et al. 2023): 0 means the synthetic table tells the attacker nothing about the people it was trained on, 1 that it gives them away. Linkability splits the columns into ${escapeHtml(a.settings.linkColumns[0].join(', '))} and ${escapeHtml(a.settings.linkColumns[1].join(', '))}; seed ${a.seed}.</p></section>`;
}

/** The formal guarantee: the model's budget part by part, or that it has none. */
function guaranteeSection(r: EvaluationReport): string {
  if (!r.differentialPrivacy)
    return `<p class="guarantee" id="dp-statement">${escapeHtml(guaranteeSentence(r.epsilon))}</p>`;
  const statement = dpStatement(r.differentialPrivacy);
  const rows = r.differentialPrivacy.parts.map((p) => [
    p.purpose,
    p.mechanism,
    budgetNumber(p.epsilon),
    budgetNumber(p.delta),
  ]);
  return `<section id="dp-statement"><h3>Differential privacy</h3>
<p class="guarantee">${escapeHtml(statement.headline)}</p>
${table(['part of the budget', 'mechanism', 'epsilon', 'delta'], rows, [false, false, true, true])}</section>`;
}

function privacySection(r: EvaluationReport): string {
  return `<h2>Privacy</h2>
${attacksSection(r)}
${guaranteeSection(r)}
${r.privacy ? distanceSection(r.privacy) : ''}`;
}

function utilitySection(r: EvaluationReport): string {
  const u = r.utility;
  if (!u) return '';
  const cell = (s: object) =>
    Object.entries(s)
      .map(([k, v]) => `${k} ${fmt(v as number)}`)
      .join(', ');
  const rows = u.models.map((m) => [m.model.replace(/_/g, ' '), cell(m.synthetic), cell(m.real)]);
  return `<h2>Machine-learning utility</h2>
<p>Predicting <strong>${escapeHtml(u.target)}</strong> (${escapeHtml(u.task)}), trained on synthetic or on real rows and tested on real rows the generator never saw.</p>
${table(['model', 'trained on synthetic', 'trained on real'], rows, [false, true, true])}`;
}

function detectionSection(r: EvaluationReport): string {
  const d = r.detection;
  if (!d) return '';
  return `<h2>Detection</h2>
<p>A classifier (${escapeHtml(d.model.replace(/_/g, ' '))}) told to separate real rows from synthetic ones reaches ROC AUC <strong>${fmt(d.auc)}</strong>. 0.5 means it cannot tell them apart; 1 means it always can.</p>`;
}

/**
 * The standalone HTML page of an evaluation report.
 *
 * @returns a complete document (`<!doctype html>` ...) with no external references.
 */
export function reportToHtml(report: EvaluationReport, options: HtmlOptions = {}): string {
  const title = options.title ?? 'Facsimile evaluation report';
  const json = reportToJson(report, {}, 0).replace(/</g, '\\u003c');
  const notes = (report.notes ?? []).map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  const settings = Object.entries(report.settings ?? {}).map(([k, v]) => [
    k,
    typeof v === 'string' ? v : JSON.stringify(v),
  ]);
  if (report.seed !== undefined) settings.push(['seed', String(report.seed)]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">Made by Facsimile${options.generatedAt ? ` on ${escapeHtml(options.generatedAt)}` : ''}. Every figure is in the JSON at the end of this file.</p>
${notes ? `<ul class="muted">${notes}</ul>` : ''}
${qualitySection(report.quality)}
${privacySection(report)}
${utilitySection(report)}
${detectionSection(report)}
${settings.length ? `<h2>Settings</h2>${table(['setting', 'value'], settings, [false, false])}` : ''}
<script type="application/json" id="facsimile-report">${json}</script>
</body></html>
`;
}
