import { writeCsv } from '../../src/core/data/csv-writer';
import { cellTableFromCsv } from '../../src/core/sequence/cells-csv';
import type { EntityTable } from '../../src/core/sequence/entity-table';
import { readLongTable } from '../../src/core/sequence/read-long';
import { simulateCustomers } from '../bench/sequence-sim';

/** `n` simulated customers (tests/bench/sequence-sim.ts) read as an entity table. */
export function customers(n: number, seed: number): EntityTable {
  const sim = simulateCustomers(n, seed);
  const read = readLongTable(cellTableFromCsv(writeCsv(sim.names, sim.rows)), {
    key: 'customer',
    order: 'day',
  });
  if (!read.table) throw new Error('simulator table did not read');
  return read.table;
}

/** The mean of a list of counts. */
export const mean = (v: Int32Array) => v.reduce((s, x) => s + x, 0) / v.length;
