/**
 * The desktop main process's privileged requests (host-control.ts), carried out on the engine
 * host: offering a path the user picked in a dialog, setting the recordings folder, serving a
 * page's port, shutting down. Whatever fails becomes a reply with the error, never an exception
 * across the process boundary.
 */
import type { HostControlReply, HostControlRequest } from '../../protocol/host-control.js';
import { serializeError } from '../../protocol/worker-messages.js';
import type { EngineHost } from '../host/engine-host.js';
import { attachPort, type MessagePortLike } from './port-channel.js';

/** Runs one request; after a successful 'shutdown' the host is closed and the caller exits. */
export async function handleControl(
  host: EngineHost,
  request: HostControlRequest,
  ports: readonly MessagePortLike[],
): Promise<HostControlReply> {
  try {
    switch (request.type) {
      case 'offer-source': {
        const offered = host.offerSource(request.path, request.kind);
        return { type: 'control-reply', id: request.id, ok: true, sourceId: offered.id };
      }
      case 'set-recordings-folder':
        host.setRecordingsFolder(request.path);
        break;
      case 'connect-ui': {
        const port = ports[0];
        if (port === undefined) throw new Error('connect-ui came without a port');
        attachPort(port, host);
        break;
      }
      case 'shutdown':
        await host.close();
        break;
    }
    return { type: 'control-reply', id: request.id, ok: true };
  } catch (error) {
    return { type: 'control-reply', id: request.id, ok: false, error: serializeError(error) };
  }
}
