/**
 * The preload script: the page's only door to the main process. It exposes one typed object,
 * `window.scatterscopeDesktop` (DesktopBridge), over contextBridge, and forwards the engine's
 * MessagePort as a window message. Only the channels of ipc-channels.ts are used; the page never
 * gets ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  DESKTOP_BRIDGE_GLOBAL,
  ENGINE_PORT_MESSAGE,
  type DesktopBridge,
  type MenuCommand,
} from '../src/protocol/desktop-bridge.js';
import { IPC } from './ipc-channels.js';

ipcRenderer.on(IPC.enginePort, (event) => {
  // contextBridge cannot carry a MessagePort; window.postMessage can. Same-window target only.
  window.postMessage(
    { type: ENGINE_PORT_MESSAGE },
    window.location.origin === 'null' ? '*' : window.location.origin,
    event.ports,
  );
});

const menuListeners = new Set<(command: MenuCommand) => void>();
ipcRenderer.on(IPC.menuCommand, (_event, command: MenuCommand) => {
  for (const listener of menuListeners) listener(command);
});

const bridge: DesktopBridge = {
  requestEnginePort: () => {
    ipcRenderer.send(IPC.requestEnginePort);
  },
  openSource: (kind) => ipcRenderer.invoke(IPC.openSource, kind) as Promise<string | null>,
  chooseRecordingsFolder: () =>
    ipcRenderer.invoke(IPC.chooseRecordingsFolder) as Promise<string | null>,
  saveFile: (suggestedName, bytes) =>
    ipcRenderer.invoke(IPC.saveFile, suggestedName, bytes) as Promise<string | null>,
  onMenuCommand: (listener) => {
    menuListeners.add(listener);
    return () => {
      menuListeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_GLOBAL, bridge);
