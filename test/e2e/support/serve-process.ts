/**
 * `scatterscope serve` as a user starts it: the built command in a child process, its URL read
 * from the line it prints, stopped with SIGTERM (as Ctrl-C would).
 */
import type { ChildProcess } from 'node:child_process';
import { startCli } from '../../support/cli.js';

export interface ServeProcess {
  readonly url: string;
  /** Everything it wrote on stderr so far. */
  readonly stderr: () => string;
  stop(): Promise<number | null>;
}

const URL_PATTERN = /serving (http:\/\/\S+)/;

export async function startServe(args: readonly string[]): Promise<ServeProcess> {
  const child: ChildProcess = startCli(['serve', ...args]);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`serve printed no URL within 20 s; stderr: ${stderr}`));
    }, 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = URL_PATTERN.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${String(code)}) before serving; stderr: ${stderr}`));
    });
  });
  return {
    url,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
