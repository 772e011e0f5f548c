/** A small command-line parser: `--name value` pairs, repeatable where asked. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Args {
  one(name: string): string | null;
  many(name: string): string[];
  has(name: string): boolean;
  int(name: string, fallback: number): number;
}

export function parseArgs(
  argv: readonly string[],
  single: readonly string[],
  repeated: readonly string[] = [],
): Args {
  const values = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}".`);
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (!single.includes(flag) && !repeated.includes(flag))
      throw new UsageError(`Unknown option --${flag}.`);
    const value = inline ?? argv[i + 1];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`--${flag} needs a value.`);
    }
    if (inline === undefined) i += 1;
    if (single.includes(flag) && values.has(flag))
      throw new UsageError(`--${flag} is given twice.`);
    values.set(flag, [...(values.get(flag) ?? []), value]);
  }
  return {
    one: (name) => values.get(name)?.[0] ?? null,
    many: (name) => values.get(name) ?? [],
    has: (name) => values.has(name),
    int: (name, fallback) => {
      const v = values.get(name)?.[0];
      if (v === undefined) return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0)
        throw new UsageError(`--${name} must be a whole number, not "${v}".`);
      return n;
    },
  };
}
