// Copies tfjs' wasm binaries into public/wasm so the app serves them from its own origin
// (no CDN). Runs after `npm ci` / `npm install` and from setup.mjs; plain Node, no dependencies.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const from = join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
const to = join(root, 'public', 'wasm');

if (!existsSync(from)) {
  console.warn('copy-wasm: @tensorflow/tfjs-backend-wasm is not installed yet; skipping.');
} else {
  mkdirSync(to, { recursive: true });
  const files = readdirSync(from).filter((f) => f.endsWith('.wasm'));
  for (const f of files) copyFileSync(join(from, f), join(to, f));
}
