import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import { evalTables } from '../../src/core/eval/eval-tables';
import { qualityReport } from '../../src/core/eval/quality';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/eval/${name}`, import.meta.url));

function score(...args: string[]) {
  return spawnSync('npx', ['tsx', 'src/cli/score.ts', ...args], {
    encoding: 'utf8',
    timeout: 90_000,
  });
}

describe('npm run score', () => {
  it(
    'prints one JSON object with the figures the page computes for the same files',
    { timeout: 90_000 },
    () => {
      const r = score(
        '--real',
        fixture('real.csv'),
        '--synth',
        fixture('synth.csv'),
        '--holdout',
        fixture('holdout.csv'),
        '--target',
        'member',
        '--json',
      );
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as {
        quality: { overall: number; columnShapes: number; columnPairTrends: number };
        privacy: { exactCopyShare: number; dcrMedian: number; closerToTrainShare: number };
        utility: {
          models: {
            model: string;
            synthetic: { accuracy: number; macroF1: number };
            real: object;
          }[];
        };
        detection: { auc: number };
      };
      const read = (name: string) => readCsvText(readFileSync(fixture(name), 'utf8')).table;
      const real = read('real.csv');
      const t = evalTables({ real, synth: read('synth.csv'), schema: inferSchema(real) });
      const q = qualityReport(t.train, t.synth);
      expect(out.quality.overall).toBe(q.overall);
      expect(out.quality.columnShapes).toBe(q.columnShapes);
      expect(out.quality.columnPairTrends).toBe(q.columnPairTrends);
      expect(out.privacy.exactCopyShare).toBe(20 / 400);
      expect(out.privacy.dcrMedian).toBeGreaterThan(0);
      expect(out.privacy.closerToTrainShare).toBeGreaterThan(0);
      expect(out.utility.models.map((m) => m.model)).toContain('gradient_boosting');
      expect(out.utility.models[0]?.synthetic.macroF1).toBeGreaterThan(0);
      expect(out.detection.auc).toBeGreaterThan(0);
    },
  );

  it('says which column a synthetic file lacks, and exits non-zero', { timeout: 90_000 }, () => {
    const r = score('--real', fixture('real.csv'), '--synth', fixture('../../fixtures/kinds.csv'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/The synthetic table has no column "joined"/);
  });

  it('asks for both files', { timeout: 90_000 }, () => {
    const r = score('--real', fixture('real.csv'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Give both --real REAL.csv and --synth SYNTH.csv/);
  });
});
