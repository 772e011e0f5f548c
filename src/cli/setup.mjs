// `npm start` and `npm test` call this first: it installs what a fresh clone is missing.
// Plain Node with no dependencies, because it runs before `node_modules` exists.
//   node src/cli/setup.mjs            dependencies (npm ci) and the wasm binaries
//   node src/cli/setup.mjs --browser  the same, plus Debian's Chromium for the browser tests
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const wantBrowser = process.argv.includes('--browser');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(cmd) {
  console.log(`[setup] ${cmd}`);
  execSync(cmd, { cwd: root, stdio: 'inherit' });
}

function dependenciesMissing() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return true;
  const lock = join(root, 'package-lock.json');
  return existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000;
}

if (dependenciesMissing()) {
  run(
    existsSync(join(root, 'package-lock.json'))
      ? 'npm ci --no-audit --no-fund'
      : 'npm install --no-audit --no-fund',
  );
}
if (!existsSync(join(root, 'public', 'wasm', 'tfjs-backend-wasm-simd.wasm'))) {
  run('node src/cli/copy-wasm.mjs');
}

if (wantBrowser && !existsSync(chromium)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    run('apt-get update -qq');
    run('DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
  } else {
    console.error(
      `[setup] The browser tests need Debian's Chromium at ${chromium}, and it is missing.\n` +
        '[setup] Install it with:  sudo apt-get install -y chromium\n' +
        '[setup] (or point CHROMIUM_PATH at another Chromium build), then run the command again.',
    );
    process.exit(1);
  }
}

// The judge-agreement test runs ../shared/judge/score.py (beside the project here and in CI, not
// in a user's clone) with Debian's python3, which needs numpy, pandas, scipy and scikit-learn.
const judge = join(root, '..', 'shared', 'judge', 'score.py');
const python = '/usr/bin/python3';
function judgeModulesMissing() {
  try {
    execSync(`${python} -c "import numpy, pandas, scipy, sklearn"`, { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
}
if (existsSync(judge) && judgeModulesMissing()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    run('apt-get update -qq');
    run(
      'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-pandas python3-scipy python3-sklearn',
    );
  } else {
    console.warn(
      `[setup] The judge-agreement test needs ${python} with pandas, scipy and scikit-learn.\n` +
        '[setup] Install them with:  sudo apt-get install -y python3-pandas python3-scipy python3-sklearn\n' +
        '[setup] (without them the test skips, except in CI, where it fails).',
    );
  }
}
