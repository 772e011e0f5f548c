import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../src/core/eval/evaluate';
import type { PrivacyReport } from '../../src/core/eval/privacy';
import { dcrHistogramSvg, escapeHtml, reportToHtml } from '../../src/core/io/report-html';
import { reportToJson } from '../../src/core/io/report-json';

const privacy: PrivacyReport = {
  columnsUsed: 3,
  synthRowsUsed: 100,
  trainRowsUsed: 200,
  exactCopies: 2,
  exactCopyShare: 0.02,
  holdoutCopyShare: 0,
  dcrMedian: 0.0421,
  dcrMean: 0.05,
  dcrP05: 0.01,
  dcrZeroShare: 0.02,
  holdoutDcrMedian: 0.0512,
  holdoutDcrZeroShare: 0,
  closerToTrainShare: 0.55,
  tiesShare: 0.01,
  equalSizeSets: 100,
  nndrMedian: 0.8,
  histogram: { edges: [0, 0.05, 0.1], synth: [0.7, 0.3], holdout: [0.6, 0.4] },
  verdict: {
    level: 'risk',
    text: 'The synthetic rows reveal too much.',
    flags: ['2 synthetic rows (2.0%) are exact copies of training rows.'],
    caveat: 'These are empirical checks, not a formal privacy guarantee.',
  },
};

const report: EvaluationReport = {
  quality: {
    overall: 0.8771,
    columnShapes: 0.9,
    columnPairTrends: 0.853,
    columns: [
      {
        column: 'income <b>',
        metric: 'KSComplement',
        score: 0.71,
        realMissingShare: 0.1,
        synthMissingShare: 0.2,
      },
      {
        column: 'city',
        metric: 'TVComplement',
        score: 0.95,
        realMissingShare: 0,
        synthMissingShare: 0,
      },
    ],
    pairs: [
      {
        a: 'income <b>',
        b: 'city',
        metric: 'ContingencySimilarity',
        score: 0.8,
        real: null,
        synth: null,
      },
      { a: 'x', b: 'y', metric: 'CorrelationSimilarity', score: NaN, real: NaN, synth: NaN },
    ],
  },
  privacy,
  utility: {
    target: 'city',
    task: 'classification',
    models: [
      {
        model: 'gradient_boosting',
        synthetic: { accuracy: 0.61, macroF1: 0.42 },
        real: { accuracy: 0.83, macroF1: 0.77 },
      },
    ],
    rows: { real: 200, synthetic: 100, holdout: 100 },
    notes: [],
  },
  detection: {
    auc: 0.734,
    model: 'gradient_boosting',
    rowsEach: 100,
    foldAucs: [0.7, 0.75, 0.752],
  },
  settings: { model: 'ctgan', epochs: 300 },
  seed: 42,
  notes: ['The synthetic column "city" holds 1 value the real rows never hold.'],
};

describe('the standalone HTML report', () => {
  const html = reportToHtml(report, { title: 'Adult & friends' });

  it('is one complete document that fetches nothing from anywhere', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('</html>');
    expect(html).not.toMatch(/<(link|img|iframe)\b/i);
    expect(html).not.toMatch(/<script(?![^>]*type="application\/json")/i);
    expect(html).not.toMatch(/(src|href)\s*=/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('draws the column shapes and the DCR histogram as inline SVG', () => {
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('aria-label="Column shape scores"');
    // one bar per column, and synthetic plus holdout bars per histogram bin
    const histogram = dcrHistogramSvg(privacy.histogram);
    expect(histogram.match(/<rect /g)).toHaveLength(4 + 2);
    expect(histogram).toContain('holdout → training');
  });

  it('shows every section with its figures', () => {
    expect(html).toContain('0.877');
    expect(html).toContain('0.0421');
    expect(html).toContain('RISK');
    expect(html).toContain('not a formal privacy guarantee');
    expect(html).toContain('accuracy 0.610, macroF1 0.420');
    expect(html).toContain('0.734');
    expect(html).toContain('<td>seed</td><td>42</td>');
  });

  it('escapes names from the data', () => {
    expect(html).not.toContain('income <b>');
    expect(html).toContain('income &lt;b&gt;');
    expect(html).toContain('Adult &amp; friends');
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });

  it('embeds every figure as JSON, undefined ones as null', () => {
    const embedded = /<script type="application\/json" id="facsimile-report">(.*?)<\/script>/s.exec(
      html,
    )?.[1];
    const parsed = JSON.parse(embedded as string) as {
      quality: { pairs: { score: number | null }[] };
      seed: number;
    };
    expect(parsed.seed).toBe(42);
    expect(parsed.quality.pairs[1]?.score).toBeNull();
    expect(embedded).not.toContain('<b>');
  });
});

describe('the JSON report', () => {
  it('holds the figures the CLI promises, with typed arrays as plain arrays', () => {
    const json = JSON.parse(
      reportToJson({ ...report, settings: { weights: Float64Array.from([1, NaN]) } }),
    ) as Record<string, unknown> & {
      quality: { overall: number };
      privacy: PrivacyReport;
      detection: { auc: number };
      settings: { weights: unknown };
    };
    expect(json.quality.overall).toBe(0.8771);
    expect(json.privacy.exactCopyShare).toBe(0.02);
    expect(json.privacy.dcrMedian).toBe(0.0421);
    expect(json.privacy.closerToTrainShare).toBe(0.55);
    expect(json.detection.auc).toBe(0.734);
    expect(json.settings.weights).toEqual([1, null]);
  });
});
