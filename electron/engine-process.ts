/**
 * The engine host's Electron utility process, seen from the main process: started, given the
 * pages' MessagePorts and the paths the user picked, restarted if it dies, and shut down with the
 * app. A native-audio crash ends this process, never the window.
 *
 * Electron sits behind the small interfaces below, so tests drive this with a fake process.
 */
import type { HostControlReply, HostControlRequest } from '../src/protocol/host-control.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ControlRequest = DistributiveOmit<HostControlRequest, 'id'>;

/** What this module needs of Electron's UtilityProcess. */
export interface UtilityProcessLike {
  postMessage(message: unknown, transfer?: unknown[]): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface EngineProcessOptions {
  /** Starts the utility process (Electron: `utilityProcess.fork(entry, [], options)`). */
  readonly fork: () => UtilityProcessLike;
  /** Called after an unexpected exit once the process runs again: pages must reconnect. */
  readonly onRestart: (exitCode: number) => void;
  /** Called when the process keeps dying and is not restarted any more. */
  readonly onGiveUp: (exitCode: number) => void;
  /** Unexpected exits tolerated within `restartWindowMs` before giving up. Default 3. */
  readonly maxRestarts?: number;
  readonly restartWindowMs?: number;
  /** How long `shutdown` waits for a clean exit before killing. Default 5000 ms. */
  readonly shutdownTimeoutMs?: number;
  readonly now?: () => number;
}

interface Pending {
  resolve(reply: HostControlReply): void;
  reject(error: Error): void;
}

const isControlReply = (message: unknown): message is HostControlReply =>
  typeof message === 'object' &&
  message !== null &&
  (message as { type?: unknown }).type === 'control-reply' &&
  typeof (message as { id?: unknown }).id === 'number';

export class EngineProcess {
  private child: UtilityProcessLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly recentExits: number[] = [];
  private stopping = false;
  private exited: Promise<void> = Promise.resolve();
  /** Requests that define the host's state, replayed after a restart (recordings folder). */
  private recordingsFolder: string | null = null;

  constructor(private readonly options: EngineProcessOptions) {}

  start(): void {
    const child = this.options.fork();
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.onExit(child, code);
        resolve();
      });
    });
    child.on('message', (message) => {
      if (!isControlReply(message)) return;
      const waiting = this.pending.get(message.id);
      if (waiting === undefined) return;
      this.pending.delete(message.id);
      waiting.resolve(message);
    });
    if (this.recordingsFolder !== null) {
      void this.request({ type: 'set-recordings-folder', path: this.recordingsFolder }).catch(
        () => undefined,
      );
    }
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Sends a privileged request; rejects with the host's error, or if the process is gone. */
  async request(request: ControlRequest, transfer: unknown[] = []): Promise<HostControlReply> {
    const child = this.child;
    if (child === null) throw new Error('the engine process is not running');
    if (request.type === 'set-recordings-folder') this.recordingsFolder = request.path;
    const id = this.nextId++;
    const reply = await new Promise<HostControlReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.postMessage({ ...request, id }, transfer);
    });
    if (!reply.ok) throw new Error(reply.error?.message ?? `the engine refused ${request.type}`);
    return reply;
  }

  /** Hands a page's port to the host, which serves it until the page closes it. */
  async connectUi(port: unknown): Promise<void> {
    await this.request({ type: 'connect-ui' }, [port]);
  }

  /** Asks the host to finalise recordings and exit; kills it if it does not within the timeout. */
  async shutdown(): Promise<void> {
    const child = this.child;
    if (child === null) return;
    this.stopping = true;
    const timeoutMs = this.options.shutdownTimeoutMs ?? 5000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        resolve('timeout');
      }, timeoutMs);
    });
    const exited = this.exited;
    this.request({ type: 'shutdown' }).catch(() => undefined);
    const outcome = await Promise.race([exited.then(() => 'exited' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      child.kill();
      await exited;
    }
  }

  private onExit(child: UtilityProcessLike, code: number): void {
    if (this.child !== child) return;
    this.child = null;
    const gone = new Error(`the engine process exited (code ${code})`);
    for (const waiting of this.pending.values()) waiting.reject(gone);
    this.pending.clear();
    if (this.stopping) return;
    const now = (this.options.now ?? Date.now)();
    const windowMs = this.options.restartWindowMs ?? 60_000;
    this.recentExits.push(now);
    while (this.recentExits.length > 0 && (this.recentExits[0] ?? now) < now - windowMs) {
      this.recentExits.shift();
    }
    if (this.recentExits.length > (this.options.maxRestarts ?? 3)) {
      this.options.onGiveUp(code);
      return;
    }
    this.start();
    this.options.onRestart(code);
  }
}
