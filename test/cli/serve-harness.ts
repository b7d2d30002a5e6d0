/**
 * `scatterscope serve` as a browser meets it: the command started as a user starts it, its URL
 * read from the line it prints, raw HTTP requests (any Host header, any path), and WebSocket
 * clients that speak the UI protocol.
 */
import type { ChildProcess } from 'node:child_process';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { WebSocket } from 'ws';
import { decodeFramePacket, type FramePacket } from '../../src/protocol/frame-packet.js';
import { applyProgress } from '../../src/protocol/host-progress.js';
import type { HostEvent, HostState, UiRequest } from '../../src/protocol/ui-messages.js';
import { assertBuilt, startCli } from '../support/cli.js';

export interface RunningServe {
  readonly child: ChildProcess;
  /** As printed: http://127.0.0.1:PORT/ (with ?token=… when the server needs one). */
  readonly url: string;
  readonly port: number;
  readonly token: string | null;
  /** Everything the command wrote to stderr so far. */
  stderr(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `scatterscope serve ARGS` and waits for its URL line. */
export async function startServe(args: readonly string[]): Promise<RunningServe> {
  assertBuilt();
  const child = startCli(['serve', ...args]);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (data: Buffer) => {
      stdout += data.toString();
      const found = /(http:\/\/\S+)/.exec(stdout);
      if (found?.[1] !== undefined) resolve(found[1]);
    });
    void exited.then((code) => {
      reject(new Error(`serve exited (${String(code)}) before printing its URL: ${stderr}`));
    });
  });
  const parsed = new URL(url);
  return {
    child,
    url,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token'),
    stderr: () => stderr,
    stop: (signal = 'SIGTERM') => {
      child.kill(signal);
      return exited;
    },
  };
}

export interface HttpResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** GET `path` exactly as given (no normalisation), with `headers` (Host included). */
export function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'GET', headers, agent: false },
      (response) => {
        let body = '';
        response.on('data', (data: Buffer) => (body += data.toString()));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A UI on a WebSocket: its events and frame packets, and requests by type. */
export class SocketClient {
  readonly events: HostEvent[] = [];
  readonly packets: FramePacket[] = [];
  private nextId = 1;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        const bytes = new Uint8Array(data);
        this.packets.push(decodeFramePacket(bytes.slice().buffer));
      } else {
        this.events.push(JSON.parse(data.toString()) as HostEvent);
      }
    });
  }

  /**
   * Connects to ws://127.0.0.1:PORT/ws (plus `query`); resolves with the client, or rejects with
   * the HTTP status of a refused upgrade (`refused 403`).
   */
  static connect(
    port: number,
    options: { query?: string; headers?: Record<string, string>; origin?: string } = {},
  ): Promise<SocketClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${String(port)}/ws${options.query ?? ''}`, {
        headers: options.headers ?? {},
        ...(options.origin === undefined ? {} : { origin: options.origin }),
      });
      socket.once('open', () => {
        resolve(new SocketClient(socket));
      });
      socket.once('unexpected-response', (_request, response) => {
        reject(new Error(`refused ${String(response.statusCode)}`));
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  send(request: Omit<UiRequest, 'id'> | Record<string, unknown>): number {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ ...request, id }));
    return id;
  }

  /** Sends `text` as it is (a broken client). */
  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** Sends a request and resolves with the host's reply to it. */
  async request(
    request: Omit<UiRequest, 'id'> | Record<string, unknown>,
  ): Promise<Extract<HostEvent, { type: 'reply' }>> {
    const id = this.send(request);
    let reply: Extract<HostEvent, { type: 'reply' }> | undefined;
    await this.until(
      () => {
        reply = this.events.find(
          (e): e is Extract<HostEvent, { type: 'reply' }> => e.type === 'reply' && e.id === id,
        );
        return reply !== undefined;
      },
      `the reply to request ${String(id)}`,
    );
    if (reply === undefined) throw new Error('no reply');
    return reply;
  }

  /** The host's state as a UI knows it: the last state received, with progress since applied. */
  state(): HostState | undefined {
    let state: HostState | undefined;
    for (const event of this.events) {
      if (event.type === 'state') state = event.state;
      else if (event.type === 'progress' && state !== undefined)
        state = applyProgress(state, event.progress);
    }
    return state;
  }

  async until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const start = performance.now();
    while (!condition()) {
      if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.socket.close();
  }
}
