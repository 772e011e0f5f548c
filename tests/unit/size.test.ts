import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Size limits on src/ (issue 19): no file over 450 lines, no function over 100 lines. A
 * function's size leaves out the lines of its `switch` statements: an exhaustive switch grows
 * with the union it covers (one case per message or kind), not with the function's own logic.
 */
const MAX_FILE_LINES = 450;
const MAX_FUNCTION_LINES = 100;

/**
 * TEMPORARY exceptions, written as patterns over paths below src/; add an entry only for a file
 * under active rewrite, and remove it when the rewrite lands (none today).
 */
const BEING_REWRITTEN: RegExp[] = [];

const src = fileURLToPath(new URL('../../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const isFunction = (node: ts.Node): node is ts.FunctionLikeDeclaration =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node);

function nameOf(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) {
    return parent.name.getText(source);
  }
  return '(anonymous)';
}

/** Lines a node spans, `switch` statements inside it left out. */
function ownLines(node: ts.Node, source: ts.SourceFile): number {
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const switched = new Set<number>();
  const visit = (n: ts.Node) => {
    if (ts.isSwitchStatement(n)) {
      for (let l = lineOf(n.caseBlock.getStart(source)) + 1; l < lineOf(n.caseBlock.end); l++) {
        switched.add(l);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return lineOf(node.end) - lineOf(node.getStart(source)) + 1 - switched.size;
}

interface Finding {
  file: string;
  what: string;
  lines: number;
}

function measure(): { longFiles: Finding[]; longFunctions: Finding[] } {
  const longFiles: Finding[] = [];
  const longFunctions: Finding[] = [];
  for (const path of files(src)) {
    const file = relative(src, path).split('\\').join('/');
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_FILE_LINES) longFiles.push({ file, what: 'file', lines });
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (isFunction(node)) {
        const size = ownLines(node, source);
        if (size > MAX_FUNCTION_LINES) {
          longFunctions.push({ file, what: nameOf(node, source), lines: size });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { longFiles, longFunctions };
}

const excused = (f: Finding) => BEING_REWRITTEN.some((pattern) => pattern.test(f.file));
const show = (list: Finding[]) => list.map((f) => `${f.file} ${f.what}: ${f.lines} lines`);

describe('size of the source', () => {
  const { longFiles, longFunctions } = measure();

  it(`has no file over ${MAX_FILE_LINES} lines`, () => {
    expect(show(longFiles.filter((f) => !excused(f)))).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines outside its switch statements`, () => {
    expect(show(longFunctions.filter((f) => !excused(f)))).toEqual([]);
  });

  it('measures what it claims: a long function and a long switch are told apart', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  x += ${i};`).join('\n');
    const cases = Array.from({ length: 150 }, (_, i) => `    case ${i}: return ${i};`).join('\n');
    const long = `function f(x: number) {\n${body(MAX_FUNCTION_LINES)}\n}`;
    const switched = `function g(x: number) {\n  switch (x) {\n${cases}\n  }\n}`;
    const lines = (text: string) => {
      const source = ts.createSourceFile('t.ts', text, ts.ScriptTarget.Latest, true);
      const fn = source.statements[0] as ts.FunctionDeclaration;
      return ownLines(fn, source);
    };
    expect(lines(long)).toBe(MAX_FUNCTION_LINES + 2);
    expect(lines(switched)).toBe(4);
  });
});

if (process.env.SIZE_REPORT) {
  const { longFiles, longFunctions } = measure();
  console.log([...show(longFiles), ...show(longFunctions)].join('\n'));
}
