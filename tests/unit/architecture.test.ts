import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The import graph of src/ (relative imports, types included), read from the source text. */
const src = fileURLToPath(new URL('../../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next candidate
    }
  }
  return null;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/g;
const graph = new Map<string, string[]>();
for (const file of files(src)) {
  const text = readFileSync(file, 'utf8');
  const deps: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const target = resolveImport(file, m[1] as string);
    if (target) deps.push(target);
  }
  graph.set(file, deps);
}
const rel = (f: string) => relative(src, f);
const layer = (f: string) => rel(f).split('/')[0] ?? '';

/** Who may import whom (STYLE.md's floors): each layer lists the layers it may use. */
const ALLOWED: Record<string, string[]> = {
  'main.tsx': ['app'],
  app: ['app', 'features', 'ui', 'worker', 'core'],
  features: ['features', 'ui', 'worker', 'core'],
  ui: ['ui', 'core'],
  worker: ['worker', 'core'],
  cli: ['cli', 'core'],
  core: ['core'],
};

describe('the shape of the code', () => {
  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'visiting');
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 'visiting')
          cycles.push([...stack.slice(stack.indexOf(d)), d].map(rel).join(' -> '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('keeps every dependency pointing down the floors', () => {
    const wrong: string[] = [];
    for (const [file, deps] of graph) {
      const allowed = ALLOWED[layer(file)] ?? [];
      for (const d of deps)
        if (!allowed.includes(layer(d))) wrong.push(`${rel(file)} -> ${rel(d)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps tfjs out of React, the data code and the evaluation code', () => {
    const offenders = [...graph.keys()].filter((f) => {
      const r = rel(f);
      const mayUseTf =
        r.startsWith('core/models/') || r.startsWith('core/train/') || r === 'core/pipeline.ts';
      return !mayUseTf && /from\s+['"]@tensorflow\//.test(readFileSync(f, 'utf8'));
    });
    expect(offenders.map(rel)).toEqual([]);
  });

  it('sees the whole tree (the graph is not empty by mistake)', () => {
    expect(graph.size).toBeGreaterThan(40);
    expect(graph.get(join(src, 'core', 'pipeline.ts'))?.length).toBeGreaterThan(5);
  });
});
