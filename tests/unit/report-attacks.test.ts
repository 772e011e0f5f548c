import { describe, expect, it } from 'vitest';
import type { ModelTable } from '../../src/core/data/model-table';
import { runPrivacyAttacks } from '../../src/core/eval/attacks/privacy-attacks';
import type { PrivacyAttacksReport } from '../../src/core/eval/attacks/privacy-attacks';
import { attackResult } from '../../src/core/eval/attacks/risk';
import type { EvaluationReport } from '../../src/core/eval/evaluate';
import { reportToHtml } from '../../src/core/io/report-html';
import { reportToJson } from '../../src/core/io/report-json';
import { Rng } from '../../src/core/rng';

function table(rows: number, seed: number): ModelTable {
  const rng = new Rng(seed);
  return {
    rows,
    columns: [
      {
        type: 'numeric',
        name: 'age',
        values: Float64Array.from({ length: rows }, () => 18 + rng.int(60)),
        integer: true,
      },
      {
        type: 'numeric',
        name: 'pay',
        values: Float64Array.from({ length: rows }, () => Math.round(rng.uniform() * 1e5)),
        integer: true,
      },
      {
        type: 'discrete',
        name: 'city',
        codes: Int32Array.from({ length: rows }, () => rng.int(4)),
        levels: ['Lisbon', 'Porto', 'Faro', 'Braga'],
      },
      {
        type: 'discrete',
        name: 'income',
        codes: Int32Array.from({ length: rows }, () => rng.int(2)),
        levels: ['<=50K', '>50K'],
      },
    ],
  };
}

const quality = {
  overall: 0.9,
  columnShapes: 0.9,
  columnPairTrends: 0.9,
  columns: [],
  pairs: [],
} as unknown as EvaluationReport['quality'];

function attacks(): PrivacyAttacksReport {
  const train = table(400, 1);
  return runPrivacyAttacks({
    train,
    holdout: table(300, 2),
    synth: train,
    settings: { attacks: 150 },
    seed: 3,
  });
}

describe('privacy section of the report', () => {
  const base: EvaluationReport = {
    quality,
    privacy: null,
    utility: null,
    detection: null,
    privacyAttacks: attacks(),
  };

  it('heads the privacy section with the three risks, one sentence each', () => {
    const html = reportToHtml(base);
    const section = html.slice(html.indexOf('<h2>Privacy</h2>'));
    expect(section).toMatch(
      /Singling out<\/strong>: An attacker holding the synthetic table can write conditions on 3 columns/,
    );
    expect(section).toMatch(
      /Linkability<\/strong>: An attacker holding the synthetic table and two separate records/,
    );
    expect(section).toMatch(
      /Inference of income<\/strong>: An attacker holding the synthetic table and 3 columns of a person can guess their income correctly \d+(\.\d)?% more often than chance would allow/,
    );
    expect(section).toMatch(/No formal privacy guarantee/);
  });

  it('names epsilon when the model had one', () => {
    const html = reportToHtml({ ...base, epsilon: 3 });
    expect(html).toMatch(/differential privacy at epsilon = 3/);
    expect(html).not.toMatch(/No formal privacy guarantee/);
  });

  it('warns when the naive baseline beats the attack', () => {
    const a = attacks();
    a.inference.income = { ...attackResult(100, 10, 10, 40), secret: 'income', known: 3 };
    const html = reportToHtml({ ...base, privacyAttacks: a });
    expect(html).toMatch(/Warning: A naive attacker who ignores the synthetic table does as well/);
  });

  it('says why the attacks did not run, and keeps the rest', () => {
    const html = reportToHtml({
      ...base,
      privacyAttacks: null,
      privacyAttacksError: 'there are no holdout rows',
    });
    expect(html).toMatch(/attacks did not run: there are no holdout rows/);
    expect(html).toMatch(/<h2>Quality<\/h2>/);
  });

  it('puts the sentences and every figure in the JSON', () => {
    const json = JSON.parse(reportToJson(base)) as {
      privacyRisks: { attack: string; sentence: string; risk: number }[];
      privacyAttacks: { singlingOut: { ci: number[] }; inference: Record<string, unknown> };
    };
    expect(json.privacyRisks.map((r) => r.attack)).toEqual([
      'Singling out',
      'Linkability',
      'Inference of income',
    ]);
    expect(json.privacyAttacks.singlingOut.ci).toHaveLength(2);
    expect(Object.keys(json.privacyAttacks.inference)).toEqual(['income']);
  });
});
