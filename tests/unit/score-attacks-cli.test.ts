import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/eval/${name}`, import.meta.url));

function score(...args: string[]) {
  return spawnSync('npx', ['tsx', 'src/cli/score.ts', ...args], {
    encoding: 'utf8',
    timeout: 90_000,
  });
}

interface Attack {
  risk: number;
  ci: [number, number];
  attackRate: number;
  controlRate: number;
  baselineRate: number;
  attacks: number;
}

interface Out {
  quality: { overall: number };
  privacyAttacks: {
    singlingOut: Attack;
    linkability: Attack;
    inference: Record<string, Attack>;
  } | null;
  privacyAttacksError?: string;
  notes: string[];
}

const fast = ['--no-utility', '--no-detection', '--no-privacy', '--json'];

function expectAttack(a: Attack, attacks: number) {
  expect(a.attacks).toBeLessThanOrEqual(attacks);
  expect(a.attacks).toBeGreaterThan(0);
  for (const x of [a.risk, a.attackRate, a.controlRate, a.baselineRate, ...a.ci]) {
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThanOrEqual(1);
  }
  expect(a.ci[0]).toBeLessThanOrEqual(a.risk);
  expect(a.ci[1]).toBeGreaterThanOrEqual(a.risk);
}

describe('npm run score -- --attacks', () => {
  it(
    'prints privacyAttacks with singling out, linkability and inference per secret column',
    { timeout: 90_000 },
    () => {
      // the synthetic table is the training rows themselves: the attacks must see it
      const r = score(
        '--real',
        fixture('real.csv'),
        '--synth',
        fixture('real.csv'),
        '--holdout',
        fixture('holdout.csv'),
        '--attacks',
        '--secret',
        'city',
        '--secret',
        'income',
        '--attack-count',
        '200',
        '--link-a',
        'age,income,city',
        '--link-b',
        'member,joined,score',
        '--neighbours',
        '3',
        ...fast,
      );
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as Out;
      const a = out.privacyAttacks;
      expect(a).not.toBeNull();
      if (!a) return;
      expectAttack(a.singlingOut, 200);
      expectAttack(a.linkability, 200);
      expect(Object.keys(a.inference).sort()).toEqual(['city', 'income']);
      expectAttack(a.inference.city as Attack, 200);
      expect(a.linkability.attacks).toBe(200);
      expect(a.linkability).toMatchObject({
        columnsA: ['age', 'income', 'city'],
        columnsB: ['member', 'joined', 'score'],
        neighbours: 3,
      });
      expect(a.singlingOut.risk).toBeGreaterThan(0.5);
      expect((a.inference.income as Attack).risk).toBeGreaterThan(0.5);
    },
  );

  it('keeps the rest of the report and says why without holdout rows', { timeout: 90_000 }, () => {
    const r = score(
      '--real',
      fixture('real.csv'),
      '--synth',
      fixture('synth.csv'),
      '--attacks',
      ...fast,
    );
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.quality.overall).toBeGreaterThan(0);
    expect(out.privacyAttacks).toBeNull();
    expect(out.privacyAttacksError).toMatch(/no holdout rows/);
    expect(r.stderr).toMatch(/privacy attacks not run/);
  });

  it(
    'names an unknown secret column and asks for fewer attacks than rows',
    { timeout: 90_000 },
    () => {
      const unknown = score(
        '--real',
        fixture('real.csv'),
        '--synth',
        fixture('synth.csv'),
        '--holdout',
        fixture('holdout.csv'),
        '--attacks',
        '--secret',
        'salary',
        ...fast,
      );
      expect(unknown.status, unknown.stderr).toBe(0);
      const out = JSON.parse(unknown.stdout) as Out;
      expect(out.quality.overall).toBeGreaterThan(0);
      expect(out.privacyAttacksError).toMatch(/no column "salary"/);
      const many = score(
        '--real',
        fixture('real.csv'),
        '--synth',
        fixture('synth.csv'),
        '--holdout',
        fixture('holdout.csv'),
        '--attacks',
        '--attack-count',
        '5000',
      );
      expect(many.status, many.stderr).toBe(0);
      expect(many.stdout).toMatch(/holdout has 400 rows, fewer than the 5,000 attacks/);
    },
  );

  it('refuses --secret without --attacks', { timeout: 90_000 }, () => {
    const r = score(
      '--real',
      fixture('real.csv'),
      '--synth',
      fixture('synth.csv'),
      '--secret',
      'city',
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/go with --attacks/);
  });
});
