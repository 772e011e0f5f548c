/**
 * The reference adult split of ../shared/research/reference-results.md, shared by the quality,
 * utility and tree benchmarks: numpy default_rng(42).permutation, the first round(0.8 n) rows
 * train, both parts in file order. Written once into `out` and reused.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const SPLIT_PY = `
import numpy as np, sys
lines = open(sys.argv[1], newline='').read().splitlines(keepends=True)
header, rows = lines[0], lines[1:]
perm = np.random.default_rng(42).permutation(len(rows))
cut = round(0.8 * len(rows))
for path, idx in ((sys.argv[2], np.sort(perm[:cut])), (sys.argv[3], np.sort(perm[cut:]))):
    with open(path, 'w', newline='') as f:
        f.write(header)
        f.writelines(rows[i] for i in idx)
`;

export function adultSplit(
  adult: string,
  out: string,
  python: string,
): { train: string; holdout: string } {
  const train = join(out, 'adult-train.csv');
  const holdout = join(out, 'adult-holdout.csv');
  if (!(existsSync(train) && existsSync(holdout)))
    execFileSync(python, ['-c', SPLIT_PY, adult, train, holdout]);
  return { train, holdout };
}
