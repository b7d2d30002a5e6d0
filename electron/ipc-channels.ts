/**
 * The IPC channels between the preload script and the main process: the only ones the preload
 * forwards, and the only ones main handles. Everything else the page says goes over the engine
 * MessagePort, to the engine host.
 */
export const IPC = {
  /** preload → main (send): please post the engine port. */
  requestEnginePort: 'scatterscope:request-engine-port',
  /** main → preload (postMessage with ports[0]): the engine port. */
  enginePort: 'scatterscope:engine-port',
  /** preload → main (invoke): open dialog, then offer the choice to the engine host. */
  openSource: 'scatterscope:open-source',
  /** preload → main (invoke): folder dialog for recordings. */
  chooseRecordingsFolder: 'scatterscope:choose-recordings-folder',
  /** preload → main (invoke): save dialog, then write the bytes. */
  saveFile: 'scatterscope:save-file',
  /** main → preload (send): a menu command for the page (MenuCommand). */
  menuCommand: 'scatterscope:menu-command',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];
