/**
 * The page's DP setting read as data: the default delta for the training rows, the budget
 * split from the model's registry entry, a run's privacy only when the budget can be used,
 * public facts imported or typed per column (dates as dates), and bad input in words.
 */
import { describe, expect, it } from 'vitest';
import type { DpColumn } from '../../src/core/privacy/public-facts';
import {
  editedFact,
  importFacts,
  dpActive,
  INITIAL_DP_FORM,
  isDpModel,
  isDpRequired,
  readDpForm,
} from '../../src/features/train/dp-form';
import { COMPARE_ORDER } from '../../src/features/train/model-catalog';

const columns: DpColumn[] = [
  { name: 'age', type: 'numeric' },
  { name: 'city', type: 'discrete' },
];
const facts = { age: { min: 18, max: 90 }, city: { levels: ['Hull', 'York'] } };

describe('the DP setting of the train panel', () => {
  it('is offered for the models whose registry entry trains under DP', () => {
    expect(isDpModel('mst')).toBe(true);
    expect(isDpModel('ctgan')).toBe(false);
  });

  it("is required for MST but the user's choice for ARGN, which compares without it", () => {
    expect(isDpRequired('mst')).toBe(true);
    expect(isDpModel('argn')).toBe(true);
    expect(isDpRequired('argn')).toBe(false);
    expect(dpActive(INITIAL_DP_FORM, 'mst')).toBe(true);
    expect(dpActive(INITIAL_DP_FORM, 'argn')).toBe(false);
    expect(dpActive({ ...INITIAL_DP_FORM, enabled: true }, 'argn')).toBe(true);
    expect(dpActive({ ...INITIAL_DP_FORM, enabled: true }, 'ctgan')).toBe(false);
    expect(COMPARE_ORDER).toContain('argn');
    expect(COMPARE_ORDER).not.toContain('mst');
  });

  it('starts at epsilon 1 with the default delta, and plans the split by the model', () => {
    const r = readDpForm({ ...INITIAL_DP_FORM, facts }, 'mst', columns, 5_000);
    expect(r.epsilon).toBe(1);
    expect(r.delta).toBe(1e-5);
    expect(r.deltaIsDefault).toBe(true);
    expect(r.problem).toBeNull();
    expect(r.plan?.parts.map((p) => p.stage)).toEqual(['marginals']);
    expect(r.settings).toEqual({ epsilon: 1, delta: 1e-5, publicFacts: facts });
    // a larger table gets a smaller default delta, below 1 / rows
    expect(readDpForm(INITIAL_DP_FORM, 'mst', columns, 1_000_000).delta).toBeCloseTo(1e-7, 15);
  });

  it('gives no run setting while the budget or a typed range is wrong', () => {
    const bad = (epsilonText: string, deltaText = '') =>
      readDpForm({ epsilonText, deltaText, facts, enabled: false }, 'mst', columns, 20_000);
    expect(bad('').problem).toMatch(/Epsilon must be a number above 0/);
    expect(bad('-1').settings).toBeNull();
    expect(bad('1', '1').problem).toMatch(/Delta must be/);
    const upside = readDpForm(
      { ...INITIAL_DP_FORM, facts: { age: { min: 90, max: 18 } } },
      'mst',
      columns,
      20_000,
    );
    expect(upside.problem).toMatch(/public range of "age" has its lowest value above its highest/);
    expect(upside.settings).toBeNull();
  });

  it('reads facts typed per column: numbers, dates, comma-separated levels', () => {
    expect(editedFact(columns[0] as DpColumn, { min: '1', max: '', levels: '' })).toEqual({
      min: 1,
    });
    expect(editedFact(columns[0] as DpColumn, { min: '', max: '', levels: '' })).toBeNull();
    expect(
      editedFact(
        { name: 'day', type: 'numeric' },
        { min: '2024-01-01', max: '2024-12-31', levels: '' },
        true,
      ),
    ).toEqual({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 11, 31) });
    expect(
      editedFact(columns[1] as DpColumn, { min: '', max: '', levels: ' Hull, York ,' }),
    ).toEqual({
      levels: ['Hull', 'York'],
    });
  });

  it('imports a facts file, keeping what fits the table, and refuses a bad one in words', () => {
    const got = importFacts(
      JSON.stringify({
        columns: {
          age: { sdtype: 'numerical', min_value: 0, max_value: 99 },
          zip: { sdtype: 'id' },
        },
      }),
      columns,
    );
    expect(got.format).toBe('sdv');
    expect(got.facts).toEqual({ age: { min: 0, max: 99 } });
    expect(got.notes.join(' ')).toMatch(/"zip" is an identifier/);
    expect(() => importFacts('{ not json', columns)).toThrow('This file is not valid JSON.');
    expect(() => importFacts('[]', columns)).toThrow(/is a JSON object/);
  });
});
