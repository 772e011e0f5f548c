/**
 * A table from rules alone is made in chunks; a cancel read between two chunks stops it, with
 * a 'cancelled' answer and no table.
 */
import { describe, expect, it } from 'vitest';
import type { RulesSpec } from '../../src/core/rules/rules-spec';
import type { EngineResponse } from '../../src/worker/protocol';
import { generateRulesCsv } from '../../src/worker/rules-generation';

const spec: RulesSpec = {
  columns: [
    { name: 'x', type: 'uniform', min: 0, max: 1 },
    { name: 'group', type: 'categorical', values: ['a', 'b'] },
  ],
};

describe('cancelling a table from rules', () => {
  it('stops after the chunk it is making and answers cancelled', async () => {
    const messages: EngineResponse[] = [];
    const cancel = new AbortController();
    await generateRulesCsv(
      3,
      spec,
      100_000,
      1,
      true,
      (m) => {
        messages.push(m);
        if (m.type === 'generate-progress') cancel.abort();
      },
      cancel.signal,
    );
    expect(messages.map((m) => m.type)).toEqual(['generate-progress', 'cancelled']);
    expect(messages.at(-1)).toEqual({
      type: 'cancelled',
      runId: 3,
      message: 'Generation was cancelled.',
    });
  });

  it('makes the whole table when the cancel comes after its last chunk', async () => {
    const messages: EngineResponse[] = [];
    const cancel = new AbortController();
    await generateRulesCsv(
      4,
      spec,
      500,
      1,
      true,
      (m) => {
        messages.push(m);
        if (m.type === 'generate-progress') cancel.abort();
      },
      cancel.signal,
    );
    const done = messages.at(-1);
    expect(done?.type === 'generated' && done.rows).toBe(500);
  });
});
