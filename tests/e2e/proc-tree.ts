/**
 * The process tree as Linux's /proc shows it (Linux only): each process's parent and CPU time,
 * for the test helpers that find the browser Playwright launched (its memory, its CPU share).
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcEntry {
  ppid: number;
  /** utime + stime, in jiffies. */
  cpuJiffies: number;
}

/** Every process visible in /proc: pid -> parent and CPU time. */
export function procTable(): Map<number, ProcEntry> {
  const table = new Map<number, ProcEntry>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name sits in parentheses and may hold spaces: fields start after the last
      // ')': state ppid … utime(14) stime(15).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(name), {
        ppid: Number(fields[1]),
        cpuJiffies: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // The process ended between readdir and read.
    }
  }
  return table;
}

/** Every descendant of `root` (not `root` itself), skipping the subtrees rooted at `exclude`. */
export function descendants(
  root: number,
  exclude: ReadonlySet<number> = new Set(),
  table: ReadonlyMap<number, ProcEntry> = procTable(),
): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of table) {
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const found: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (exclude.has(pid)) continue;
    found.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}
