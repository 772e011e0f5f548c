/**
 * Memory of the Chromium that Playwright launched, read from /proc (Linux only). Playwright's
 * `chromium.launch()` does not expose the browser's pid, so the browser is found as the
 * Chromium processes descending from this Node process, outside any subtree we exclude (the
 * preview server).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** pid -> parent pid for every process visible in /proc. */
function parentLinks(): Map<number, number> {
  const links = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name sits in parentheses and may hold spaces: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      links.set(Number(name), Number(fields[1]));
    } catch {
      // The process ended between readdir and read.
    }
  }
  return links;
}

/** Every descendant of `root` (not `root` itself), skipping the subtrees rooted at `exclude`. */
function descendants(root: number, exclude: ReadonlySet<number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parentLinks()) {
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

function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** A `/proc/<pid>/<file>` field given in kB, in bytes; 0 when the process is gone. */
function kbField(pid: number, file: string, field: string): number {
  try {
    const text = readFileSync(`/proc/${pid}/${file}`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export interface MemorySample {
  processes: number;
  /** Sum of VmRSS over the processes, bytes. Counts shared pages once per process. */
  rssBytes: number;
  /** Sum of Pss (proportional set size), bytes: shared pages split between their users. */
  pssBytes: number;
}

/** The Chromium processes under this Node process, and their memory now. */
export function sampleChromiumMemory(exclude: ReadonlySet<number>): MemorySample {
  const pids = descendants(process.pid, exclude).filter((pid) => /chrom/i.test(commandName(pid)));
  let rssBytes = 0;
  let pssBytes = 0;
  for (const pid of pids) {
    rssBytes += kbField(pid, 'status', 'VmRSS');
    pssBytes += kbField(pid, 'smaps_rollup', 'Pss');
  }
  return { processes: pids.length, rssBytes, pssBytes };
}

export type PeakMemory = MemorySample & { samples: number };

/** Samples every `intervalMs` and keeps the peaks, until `stop()`. */
export function startPeakMemorySampler(exclude: ReadonlySet<number>, intervalMs = 250) {
  const peak: MemorySample = { processes: 0, rssBytes: 0, pssBytes: 0 };
  let samples = 0;
  const take = () => {
    const s = sampleChromiumMemory(exclude);
    samples += 1;
    peak.processes = Math.max(peak.processes, s.processes);
    peak.rssBytes = Math.max(peak.rssBytes, s.rssBytes);
    peak.pssBytes = Math.max(peak.pssBytes, s.pssBytes);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop(): PeakMemory {
      clearInterval(timer);
      take();
      return { ...peak, samples };
    },
  };
}
