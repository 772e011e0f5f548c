/**
 * A small, safe formula language for rules without data: numbers, column references, the
 * operators `+ - * / % ^`, comparisons (`< <= > >= == !=`, giving 1 or 0), `and`, `or`, `not`,
 * parentheses and a few functions. A name with spaces or symbols is written in brackets:
 * `[unit price] * quantity`. The text is parsed into a tree and evaluated by walking it: no
 * `eval`, no `Function`, nothing of the page is reachable from a formula.
 */

export type Expr =
  | { type: 'number'; value: number }
  | { type: 'column'; name: string }
  | { type: 'unary'; op: '-' | 'not'; arg: Expr }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { type: 'call'; name: FunctionName; args: Expr[] };

type BinaryOp =
  '+' | '-' | '*' | '/' | '%' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

const FUNCTIONS = {
  abs: [1, 1],
  round: [1, 2],
  floor: [1, 1],
  ceil: [1, 1],
  min: [1, Infinity],
  max: [1, Infinity],
  sqrt: [1, 1],
  log: [1, 1],
  exp: [1, 1],
  pow: [2, 2],
  if: [3, 3],
} as const;
type FunctionName = keyof typeof FUNCTIONS;

/** A formula that cannot be read, with where it went wrong. */
export class FormulaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormulaError';
  }
}

interface Token {
  kind: 'number' | 'name' | 'op' | 'end';
  text: string;
  at: number;
  /** A bracketed name: always a column, even when it reads like a function or keyword. */
  quoted?: boolean;
}

const OPS = ['<=', '>=', '==', '!=', '+', '-', '*', '/', '%', '^', '(', ')', ',', '<', '>'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], at: i });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    if (ch === '[') {
      const end = text.indexOf(']', i + 1);
      if (end < 0)
        throw new FormulaError(`The formula "${text}" opens [ at ${i + 1} and never closes it.`);
      tokens.push({ kind: 'name', text: text.slice(i + 1, end), at: i, quoted: true });
      i = end + 1;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) throw new FormulaError(`The formula "${text}" has an unexpected "${ch}" at ${i + 1}.`);
    tokens.push({ kind: 'op', text: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', at: text.length });
  return tokens;
}

const LEVELS: readonly (readonly BinaryOp[])[] = [
  ['or'],
  ['and'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

/** Parses a formula; throws FormulaError saying what and where. */
export function parseFormula(text: string): Expr {
  if (typeof text !== 'string' || text.trim() === '')
    throw new FormulaError('The formula is empty.');
  return new FormulaParser(text).parse();
}

/** Recursive descent over the tokens, one method per precedence level. */
class FormulaParser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parse(): Expr {
    const tree = this.binary(0);
    if (this.peek().kind !== 'end') this.fail('has something left over');
    return tree;
  }

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private fail(what: string): never {
    const t = this.peek();
    throw new FormulaError(
      `The formula "${this.text}" ${what} at ${t.at + 1}${t.kind === 'end' ? ' (its end)' : ` ("${t.text}")`}.`,
    );
  }

  private opIs(op: string): boolean {
    const t = this.peek();
    return (t.kind === 'op' || (t.kind === 'name' && !isQuoted(t))) && t.text === op;
  }

  private binary(level: number): Expr {
    if (level >= LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = (LEVELS[level] as readonly BinaryOp[]).find((o) => this.opIs(o));
      if (!op) return left;
      this.pos += 1;
      left = { type: 'binary', op, left, right: this.binary(level + 1) };
    }
  }

  private unary(): Expr {
    if (this.opIs('-')) {
      this.pos += 1;
      return { type: 'unary', op: '-', arg: this.unary() };
    }
    if (this.opIs('+')) {
      this.pos += 1;
      return this.unary();
    }
    if (this.opIs('not')) {
      this.pos += 1;
      return { type: 'unary', op: 'not', arg: this.unary() };
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.atom();
    if (!this.opIs('^')) return base;
    this.pos += 1;
    return { type: 'binary', op: '^', left: base, right: this.unary() };
  }

  private atom(): Expr {
    const t = this.peek();
    if (t.kind === 'number') {
      this.pos += 1;
      return { type: 'number', value: Number(t.text) };
    }
    if (t.kind === 'op' && t.text === '(') {
      this.pos += 1;
      const inner = this.binary(0);
      if (!this.opIs(')')) this.fail('is missing a )');
      this.pos += 1;
      return inner;
    }
    if (t.kind === 'name') {
      this.pos += 1;
      if (!isQuoted(t) && this.opIs('(')) return this.call(t);
      if (!isQuoted(t) && ['and', 'or', 'not'].includes(t.text)) {
        this.pos -= 1;
        this.fail('expects a value');
      }
      return { type: 'column', name: t.text };
    }
    return this.fail('expects a number, a column or (');
  }

  private call(t: Token): Expr {
    const name = t.text.toLowerCase();
    if (!(name in FUNCTIONS))
      throw new FormulaError(
        `The formula "${this.text}" calls ${t.text}, which is not one of ${Object.keys(FUNCTIONS).join(', ')}.`,
      );
    this.pos += 1;
    const args: Expr[] = [];
    if (!this.opIs(')')) {
      args.push(this.binary(0));
      while (this.opIs(',')) {
        this.pos += 1;
        args.push(this.binary(0));
      }
    }
    if (!this.opIs(')')) this.fail('is missing a ) after the arguments');
    this.pos += 1;
    const [lo, hi] = FUNCTIONS[name as FunctionName];
    if (args.length < lo || args.length > hi)
      throw new FormulaError(
        `The formula "${this.text}" gives ${name} ${args.length} argument${args.length === 1 ? '' : 's'}; it takes ${lo === hi ? lo : `${lo} or more`}.`,
      );
    return { type: 'call', name: name as FunctionName, args };
  }
}

const isQuoted = (t: Token) => t.quoted === true;

/** The columns a formula reads, each once. */
export function formulaColumns(expr: Expr): string[] {
  const names = new Set<string>();
  const walk = (e: Expr) => {
    if (e.type === 'column') names.add(e.name);
    else if (e.type === 'unary') walk(e.arg);
    else if (e.type === 'binary') {
      walk(e.left);
      walk(e.right);
    } else if (e.type === 'call') e.args.forEach(walk);
  };
  walk(expr);
  return [...names];
}

const truth = (x: number) => (Number.isNaN(x) ? NaN : x !== 0 ? 1 : 0);

/**
 * Evaluates a formula for one row. A missing input (NaN) gives NaN, so the result is missing.
 *
 * @param value the value of a column in this row (NaN when missing).
 */
export function evaluate(expr: Expr, value: (name: string) => number): number {
  switch (expr.type) {
    case 'number':
      return expr.value;
    case 'column': {
      const x = value(expr.name);
      return typeof x === 'number' ? x : NaN;
    }
    case 'unary': {
      const x = evaluate(expr.arg, value);
      return expr.op === '-' ? -x : Number.isNaN(x) ? NaN : x === 0 ? 1 : 0;
    }
    case 'binary':
      return binaryOp(expr.op, evaluate(expr.left, value), evaluate(expr.right, value));
    case 'call':
      return callOp(expr.name, expr.args, value);
  }
}

function binaryOp(op: BinaryOp, a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? NaN : a / b;
    case '%':
      return b === 0 ? NaN : a % b;
    case '^':
      return a ** b;
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case 'and':
      return truth(a) && truth(b) ? 1 : 0;
    case 'or':
      return truth(a) || truth(b) ? 1 : 0;
  }
}

function callOp(name: FunctionName, args: Expr[], value: (name: string) => number): number {
  if (name === 'if') {
    const test = truth(evaluate(args[0] as Expr, value));
    if (Number.isNaN(test)) return NaN;
    return evaluate((test ? args[1] : args[2]) as Expr, value);
  }
  const xs = args.map((a) => evaluate(a, value));
  if (xs.some(Number.isNaN)) return NaN;
  const x = xs[0] as number;
  switch (name) {
    case 'abs':
      return Math.abs(x);
    case 'round': {
      const places = Math.round(xs[1] ?? 0);
      const f = 10 ** places;
      return Math.round(x * f) / f;
    }
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    case 'min':
      return Math.min(...xs);
    case 'max':
      return Math.max(...xs);
    case 'sqrt':
      return x < 0 ? NaN : Math.sqrt(x);
    case 'log':
      return x <= 0 ? NaN : Math.log(x);
    case 'exp':
      return Math.exp(x);
    case 'pow':
      return x ** (xs[1] as number);
  }
}
