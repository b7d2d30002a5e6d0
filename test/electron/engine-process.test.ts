import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { EngineProcess, type UtilityProcessLike } from '../../electron/engine-process.js';
import type { HostControlRequest } from '../../src/protocol/host-control.js';

/**
 * A utility process that answers control requests the way the engine host does: 'offer-source'
 * with a source id, the rest with ok, and 'shutdown' by exiting (unless told to hang).
 */
class FakeEngine extends EventEmitter implements UtilityProcessLike {
  readonly received: { message: HostControlRequest; transfer: unknown[] }[] = [];
  killed = false;
  hangOnShutdown = false;

  postMessage(message: unknown, transfer: unknown[] = []): void {
    const request = message as HostControlRequest;
    this.received.push({ message: request, transfer });
    queueMicrotask(() => {
      if (request.type === 'shutdown') {
        if (!this.hangOnShutdown) this.emit('exit', 0);
        return;
      }
      this.emit('message', {
        type: 'control-reply',
        id: request.id,
        ok: request.type !== 'offer-source' || request.path.endsWith('.wav'),
        ...(request.type === 'offer-source' && request.path.endsWith('.wav')
          ? { sourceId: `source-${request.id}` }
          : { error: { name: 'Error', message: `cannot read ${request.type}` } }),
      });
    });
  }

  kill(): boolean {
    this.killed = true;
    queueMicrotask(() => this.emit('exit', 143));
    return true;
  }

  crash(code: number): void {
    this.emit('exit', code);
  }
}

function start(options: { maxRestarts?: number; shutdownTimeoutMs?: number } = {}) {
  const processes: FakeEngine[] = [];
  const restarts: number[] = [];
  const gaveUp: number[] = [];
  let clock = 0;
  const engine = new EngineProcess({
    fork: () => {
      const child = new FakeEngine();
      processes.push(child);
      return child;
    },
    onRestart: (code) => restarts.push(code),
    onGiveUp: (code) => gaveUp.push(code),
    now: () => (clock += 1000),
    ...options,
  });
  engine.start();
  return { engine, processes, restarts, gaveUp };
}

describe('the engine utility process, seen from the main process', () => {
  it('offers a picked file and returns the id the page opens it by', async () => {
    const { engine } = start();
    const reply = await engine.request({
      type: 'offer-source',
      path: '/music/a.wav',
      kind: 'file',
    });
    expect(reply.sourceId).toMatch(/^source-\d+$/);
  });

  it("turns the host's refusal into an error naming it", async () => {
    const { engine } = start();
    await expect(
      engine.request({ type: 'offer-source', path: '/music/a.txt', kind: 'file' }),
    ).rejects.toThrow('cannot read offer-source');
  });

  it("hands a page's port over with the connect message", async () => {
    const { engine, processes } = start();
    const port = { name: 'port' };
    await engine.connectUi(port);
    const sent = processes[0]!.received.at(-1)!;
    expect(sent.message.type).toBe('connect-ui');
    expect(sent.transfer).toEqual([port]);
  });

  it('restarts after a crash, fails what was pending, and restores the recordings folder', async () => {
    const { engine, processes, restarts } = start();
    await engine.request({ type: 'set-recordings-folder', path: '/home/u/Music/Scatterscope' });
    const pending = engine.request({ type: 'offer-source', path: '/music/b.wav', kind: 'file' });
    processes[0]!.crash(134);
    await expect(pending).rejects.toThrow('the engine process exited (code 134)');
    expect(restarts).toEqual([134]);
    expect(processes).toHaveLength(2);
    expect(engine.running).toBe(true);
    expect(processes[1]!.received[0]!.message).toMatchObject({
      type: 'set-recordings-folder',
      path: '/home/u/Music/Scatterscope',
    });
  });

  it('gives up after repeated crashes within a minute, and says so', () => {
    const { engine, processes, gaveUp } = start({ maxRestarts: 2 });
    for (let crash = 0; crash < 3; crash++) processes.at(-1)!.crash(139);
    expect(processes).toHaveLength(3);
    expect(gaveUp).toEqual([139]);
    expect(engine.running).toBe(false);
  });

  it('shuts down cleanly, and kills a host that does not exit in time', async () => {
    const clean = start();
    await clean.engine.shutdown();
    expect(clean.processes[0]!.killed).toBe(false);
    expect(clean.restarts).toEqual([]);

    vi.useFakeTimers();
    try {
      const stuck = start({ shutdownTimeoutMs: 5000 });
      stuck.processes[0]!.hangOnShutdown = true;
      const done = stuck.engine.shutdown();
      await vi.advanceTimersByTimeAsync(5000);
      await done;
      expect(stuck.processes[0]!.killed).toBe(true);
      expect(stuck.restarts).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
