/**
 * Simulated tables with known structure for the fidelity benchmark, each written as CSV text
 * (train and holdout drawn from the same process, 80/20, seeded):
 *
 * - `continuous`: 20,000 rows, nine numbers from two hidden factors, several pairs with
 *   Pearson above 0.9 (b = 2a + noise, c = exp of a, e = 1.5d + noise, f = a + d + noise), a
 *   skewed amount, a noise column, a region that shifts one factor, and a three-level grade
 *   set by both factors (the target).
 * - `clinical`: 1,000 patients: age, sex, BMI, blood pressure and cholesterol that follow age
 *   and BMI, smoking, and diabetes (the target) from age, BMI and smoking; BMI, pressure and
 *   cholesterol are missing for 5 to 15% of patients.
 * - `wide`: 4,000 rows and 36 columns: 14 numbers and 21 categories (three to six levels)
 *   from four hidden factors, and a yes/no target from two of them.
 */
import { Rng } from '../../src/core/rng';

export interface SimulatedTable {
  name: string;
  target: string;
  /** What the table is, in one line, for the benchmark's table. */
  shape: string;
  header: string[];
  rows: string[][];
}

const fixed = (x: number, digits: number) => x.toFixed(digits);

function continuous(rows: number, rng: Rng): SimulatedTable {
  const regions = ['north', 'south', 'east', 'west'];
  const out: string[][] = [];
  for (let r = 0; r < rows; r += 1) {
    const region = rng.int(4);
    const f1 = rng.normal();
    const f2 = rng.normal() + 0.4 * (region - 1.5);
    const a = 50 + 10 * f1;
    const b = 2 * a + 2 * rng.normal();
    const c = Math.exp(3 + 0.3 * f1 + 0.03 * rng.normal());
    const d = Math.round(30 + 5 * f2);
    const e = 1.5 * d + rng.normal();
    const f = a + d + 1.5 * rng.normal();
    const amount = Math.exp(6 + 0.8 * rng.normal() + 0.3 * f2);
    const noise = rng.uniform();
    const score = f1 + f2 + 0.6 * rng.normal();
    const grade = score > 1 ? 'A' : score < -0.7 ? 'C' : 'B';
    out.push([
      fixed(a, 2),
      fixed(b, 2),
      fixed(c, 3),
      String(d),
      fixed(e, 1),
      fixed(f, 2),
      fixed(amount, 2),
      fixed(noise, 4),
      regions[region] as string,
      grade,
    ]);
  }
  return {
    name: 'continuous',
    target: 'grade',
    shape: `${rows} rows, 8 numbers (pairs with Pearson > 0.9), 2 categories`,
    header: ['a', 'b', 'c', 'd', 'e', 'f', 'amount', 'noise', 'region', 'grade'],
    rows: out,
  };
}

function clinical(rows: number, rng: Rng): SimulatedTable {
  const out: string[][] = [];
  const maybe = (share: number, text: string) => (rng.uniform() < share ? '' : text);
  for (let r = 0; r < rows; r += 1) {
    const age = 25 + rng.int(60);
    const male = rng.uniform() < 0.5;
    const smoker = rng.uniform() < 0.25;
    const bmi = 26 + 0.05 * (age - 50) + 4 * rng.normal();
    const pressure = Math.round(100 + 0.5 * age + 0.8 * (bmi - 26) + 10 * rng.normal());
    const cholesterol = 4.2 + 0.02 * age + 0.05 * (bmi - 26) + 0.6 * rng.normal();
    const risk = -5 + 0.05 * age + 0.12 * (bmi - 26) + (smoker ? 0.7 : 0) + 0.4 * rng.normal();
    out.push([
      String(age),
      male ? 'M' : 'F',
      maybe(0.05, fixed(bmi, 1)),
      maybe(0.1, String(pressure)),
      maybe(0.15, fixed(cholesterol, 1)),
      smoker ? 'yes' : 'no',
      rng.uniform() < 1 / (1 + Math.exp(-risk)) ? 'yes' : 'no',
    ]);
  }
  return {
    name: 'clinical',
    target: 'diabetes',
    shape: `${rows} rows, 7 columns, 5-15% missing in three`,
    header: ['age', 'sex', 'bmi', 'systolic', 'cholesterol', 'smoker', 'diabetes'],
    rows: out,
  };
}

function wide(rows: number, rng: Rng): SimulatedTable {
  const numbers = 14;
  const categories = 21;
  const header = [
    ...Array.from({ length: numbers }, (_, i) => `x${i + 1}`),
    ...Array.from({ length: categories }, (_, i) => `c${i + 1}`),
    'label',
  ];
  const out: string[][] = [];
  for (let r = 0; r < rows; r += 1) {
    const f = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
    const row: string[] = [];
    for (let i = 0; i < numbers; i += 1) {
      const v = 1.2 * (f[i % 4] as number) + 0.5 * (f[(i + 1) % 4] as number) + rng.normal();
      row.push(fixed(10 * v + 5 * i, i % 3 === 0 ? 0 : 2));
    }
    for (let i = 0; i < categories; i += 1) {
      const levels = 3 + (i % 4);
      const u = (f[i % 4] as number) + 0.8 * rng.normal();
      const level = Math.min(levels - 1, Math.max(0, Math.floor((u + 2) * (levels / 4))));
      row.push(`L${level}`);
    }
    const y = (f[0] as number) - (f[2] as number) + 0.7 * rng.normal();
    row.push(y > 0.3 ? 'yes' : 'no');
    out.push(row);
  }
  return {
    name: 'wide',
    target: 'label',
    shape: `${rows} rows, 36 columns (14 numbers, 22 categories)`,
    header,
    rows: out,
  };
}

/** The simulated tables by name, each drawn from its own seed. */
export const SIMULATED: Record<string, () => SimulatedTable> = {
  continuous: () => continuous(20_000, new Rng(101)),
  clinical: () => clinical(1_000, new Rng(102)),
  wide: () => wide(4_000, new Rng(103)),
};
