/**
 * `vite preview` of the built app as a child process in its own process group, so that stopping
 * it also stops the node process that `npx` starts under it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface PreviewServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Starts the server and resolves once it answers `GET /`; rejects if it exits or times out. */
export async function startPreviewServer(
  cwd: string,
  port: number,
  timeoutMs = 60_000,
  outDir = 'dist',
): Promise<PreviewServer> {
  const url = `http://127.0.0.1:${port}/`;
  if (await answers(url)) throw new Error(`Something already answers on ${url}; stop it first.`);
  const child = spawn(
    'npx',
    [
      'vite',
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
      '--outDir',
      outDir,
    ],
    { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  let exited = false;
  const exit = once(child, 'exit').then(() => {
    exited = true;
  });
  const stop = async () => {
    if (exited) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
    await exit;
    clearTimeout(timer);
  };
  const server: PreviewServer = { url, pid: child.pid ?? -1, stop };
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(url))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`vite preview did not start on ${url}:\n${log.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return server;
}
