/**
 * Memory of the Chromium that Playwright launched, read from /proc (Linux only). Playwright's
 * `chromium.launch()` does not expose the browser's pid, so the browser is found as the
 * Chromium processes descending from this Node process, outside any subtree we exclude (the
 * preview server).
 */
import { readFileSync } from 'node:fs';
import { descendants } from '../e2e/proc-tree';

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
