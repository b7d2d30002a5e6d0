/**
 * Entry of the desktop app's engine process (an Electron utility process, started by
 * electron/engine-process.ts). It hosts capture, analysis, recording and replay, serves the
 * page over MessagePorts, and takes the main process's privileged requests on `parentPort`.
 *
 * Plain Node apart from `process.parentPort`, which Electron adds in utility processes: nothing
 * here imports Electron, as the layering rules want.
 */
import type { HostControlRequest } from '../../protocol/host-control.js';
import { EngineHost } from '../host/engine-host.js';
import { micCapture } from '../host/mic-capture.js';
import { handleControl } from './control-handler.js';
import type { MessagePortLike } from './port-channel.js';

/** What Electron's `process.parentPort` delivers: the message and the ports sent with it. */
interface ParentPortEvent {
  readonly data: unknown;
  readonly ports: readonly MessagePortLike[];
}

interface ParentPort {
  on(event: 'message', listener: (event: ParentPortEvent) => void): unknown;
  postMessage(message: unknown): void;
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
if (parentPort === undefined) {
  process.stderr.write('the engine process runs inside the Scatterscope desktop app only\n');
  process.exit(2);
}

const host = new EngineHost({
  settings: { precision: 'float32', channel: 'mix' },
  capture: micCapture(),
});

// Keeps the process alive between requests (the host's own timers do not).
const keepAlive = setInterval(() => undefined, 1 << 30);

parentPort.on('message', ({ data, ports }) => {
  const request = data as HostControlRequest;
  void handleControl(host, request, ports).then((reply) => {
    parentPort.postMessage(reply);
    if (request.type === 'shutdown' && reply.ok) {
      clearInterval(keepAlive);
      // Let the reply leave before the process ends.
      setImmediate(() => process.exit(0));
    }
  });
});
