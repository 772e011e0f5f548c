/**
 * How busy the machine was with other work while a test ran: the share of all CPUs used by
 * processes that are not this test process or its children (the browser it launched). Read from
 * Linux's /proc; null elsewhere. A wall-clock timing of the page means little when this is high:
 * the page's main thread then waits for a core however little it has to do.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { descendants, procTable } from './proc-tree';

interface Sample {
  /** Jiffies all CPUs spent busy (not idle or waiting on I/O). */
  busy: number;
  /** Jiffies all CPUs existed (busy or not). */
  total: number;
  /** Jiffies used by this process and its descendants. */
  own: number;
}

function cpuJiffies(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: total - idle, total };
}

/** utime + stime of `root` and every live process descending from it, in jiffies. */
function treeJiffies(root: number): number {
  const table = procTable();
  return [root, ...descendants(root, new Set(), table)].reduce(
    (sum, pid) => sum + (table.get(pid)?.cpuJiffies ?? 0),
    0,
  );
}

function sample(): Sample | null {
  try {
    return { ...cpuJiffies(), own: treeJiffies(process.pid) };
  } catch {
    return null;
  }
}

/** Starts measuring; the returned function gives other processes' share of all CPUs since. */
export function measureOtherLoad(): () => number | null {
  const start = sample();
  return () => {
    const end = sample();
    if (!start || !end || end.total <= start.total) return null;
    const others = end.busy - start.busy - (end.own - start.own);
    return Math.max(0, others / (end.total - start.total));
  };
}

/** Logical CPUs of this machine. */
export const CORES = cpus().length;
