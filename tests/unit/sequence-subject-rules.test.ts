import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../src/cli/node-backend';
import { SEQ_ARGN } from '../../src/core/models/seq-argn/adapter';
import { SEQ_TREES } from '../../src/core/models/seq-trees/adapter';
import type {
  SequenceModelImplementation,
  SequenceSynthesizer,
} from '../../src/core/models/sequence-contract';
import { Rng } from '../../src/core/rng';
import type { Constraint } from '../../src/core/rules/constraints';
import { cellNumber } from '../../src/core/sequence/cells';
import { bindSubjectRules, type SubjectRules } from '../../src/core/sequence/subject-rules';
import { sampleEntitiesUnderRules } from '../../src/core/sequence/subject-sampling';
import { customers } from './sequence-fixtures';

const real = customers(80, 3);
const AGE: Constraint = { kind: 'range', column: 'age', min: 30, max: 60 };
const rules = (conditions: SubjectRules['conditions'], constraints: Constraint[] = []) =>
  bindSubjectRules({ conditions, constraints }, real);
const column = (name: string) => real.subjectColumns.indexOf(name);

beforeAll(async () => {
  await startNodeBackend('wasm');
});

describe.each<[string, SequenceModelImplementation, number | null]>([
  ['sequential trees', SEQ_TREES, null],
  ['sequential ARGN', SEQ_ARGN, 2],
])('subject conditions and constraints with the %s', (_, impl, epochs) => {
  let model: SequenceSynthesizer;
  beforeAll(async () => {
    model = await impl.fit(real, { epochs, rng: new Rng(7) });
  }, 120_000);
  afterAll(() => model.dispose());

  it('writes only entities whose subject meets the condition and the constraint', async () => {
    const out = await sampleEntitiesUnderRules(
      model,
      25,
      new Rng(1),
      rules([{ column: 'segment', value: 'gold' }], [AGE]),
    );
    expect(out.partial).toBe(false);
    expect(out.table.keys).toHaveLength(25);
    expect(new Set(out.table.subjects[column('segment')])).toEqual(new Set(['gold']));
    // a missing cell never breaks a constraint (the one-table rules' meaning, as in SDV)
    for (const age of (out.table.subjects[column('age')] ?? []).filter((a) => a !== null)) {
      expect(cellNumber(age)).toBeGreaterThanOrEqual(30);
      expect(cellNumber(age)).toBeLessThanOrEqual(60);
    }
    const realKeys = new Set(real.keys);
    expect(out.table.keys.some((k) => realKeys.has(k))).toBe(false);
    expect(new Set(out.table.keys).size).toBe(25);
    // every event still belongs to one of the kept entities
    expect(out.table.eventStart[25]).toBe(out.table.events[0]?.length);
  });

  it('meets a category condition natively: no entity is drawn in vain', async () => {
    const out = await sampleEntitiesUnderRules(
      model,
      20,
      new Rng(2),
      rules([{ column: 'segment', value: 'bronze' }]),
    );
    expect(out.drawn).toBe(20);
    expect(new Set(out.table.subjects[column('segment')])).toEqual(new Set(['bronze']));
  });

  it('meets a number condition natively, written as given', async () => {
    const out = await sampleEntitiesUnderRules(
      model,
      10,
      new Rng(3),
      rules([{ column: 'age', value: '44' }]),
    );
    expect(out.drawn).toBe(10);
    expect(new Set(out.table.subjects[column('age')])).toEqual(new Set(['44']));
  });

  it('is seeded: the same seed gives the same entities', async () => {
    const bound = rules([{ column: 'segment', value: 'silver' }], [AGE]);
    const a = await sampleEntitiesUnderRules(model, 8, new Rng(5), bound);
    const b = await sampleEntitiesUnderRules(model, 8, new Rng(5), bound);
    expect(b.table.subjects).toEqual(a.table.subjects);
    expect(b.table.events).toEqual(a.table.events);
  });
});

describe('refusals and limits of subject rules', () => {
  it('refuses a condition on an event column, the key, an unknown column or value', () => {
    expect(() => rules([{ column: 'channel', value: 'web' }])).toThrow(/channel, an event column/);
    expect(() => rules([{ column: 'customer', value: 'c1' }])).toThrow(/the entity key/);
    expect(() => rules([{ column: 'shoe', value: '42' }])).toThrow(/does not have/);
    expect(() => rules([{ column: 'segment', value: 'platinum' }])).toThrow(
      /no training subject holds \(values of segment: /,
    );
    expect(() => rules([{ column: 'age', value: '500' }])).toThrow(/outside what the training/);
    expect(() => rules([{ column: 'age', value: 'old' }])).toThrow(/not a number/);
  });

  it('refuses a constraint that names an event column', () => {
    expect(() => rules([], [{ kind: 'positive', column: 'amount' }])).toThrow(
      /amount, an event column/,
    );
  });

  it('stops after a bounded number of tries when a constraint is too rare, and says so', async () => {
    const model = await SEQ_TREES.fit(real, { epochs: null, rng: new Rng(9) });
    const rare = rules([], [{ kind: 'range', column: 'age', min: 79.5, max: 79.6 }]);
    const out = await sampleEntitiesUnderRules(model, 50, new Rng(4), rare, { maxDrawn: 300 });
    expect(out.partial).toBe(true);
    expect(out.drawn).toBe(300);
    expect(out.message).toMatch(
      /^Only \d+ of the 50 entities asked for were found after 300 tries/,
    );
    expect(out.table.keys.length).toBeLessThan(50);
  });
});
