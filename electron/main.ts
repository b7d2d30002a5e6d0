/**
 * The desktop app's main process: a thin shell. It opens the window with the security policy of
 * security.ts, builds the menu, shows native dialogs, and wires the page to the engine host,
 * which runs in a utility process (engine-process.ts) so that capture, analysis and recording
 * never block or crash the window.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MessageChannelMain,
  session,
  utilityProcess,
  type IpcMainEvent,
  type IpcMainInvokeEvent,
  type MenuItemConstructorOptions,
} from 'electron';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appMenu, type MenuSpec } from './app-menu.js';
import { EngineProcess } from './engine-process.js';
import { IPC } from './ipc-channels.js';
import { parseSaveBytes, parseSourceKind, parseSuggestedName } from './ipc-arguments.js';
import {
  contentSecurityPolicy,
  isAllowedNavigation,
  isPermissionGranted,
  type SecureWebPreferences,
} from './security.js';

// Defined by Electron Forge's Vite plugin at build time.
declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;
declare const MAIN_WINDOW_VITE_NAME: string;

const devServer = MAIN_WINDOW_VITE_DEV_SERVER_URL ?? null;
const pageUrl =
  devServer ??
  new URL(`file://${join(__dirname, '..', 'renderer', MAIN_WINDOW_VITE_NAME, 'index.html')}`).href;
/** The engine host's entry, compiled by tsc (see forge.config.ts for why it is not bundled). */
const engineEntry = join(
  app.getAppPath(),
  'dist',
  'src',
  'engine',
  'desktop',
  'utility-process-entry.js',
);

let mainWindow: BrowserWindow | null = null;

const engine = new EngineProcess({
  fork: () =>
    utilityProcess.fork(engineEntry, [], { serviceName: 'Scatterscope engine', stdio: 'inherit' }),
  onRestart: () => {
    // The page's port died with the old process: give it a new one.
    void connectPage();
  },
  onGiveUp: (code) => {
    dialog.showErrorBox(
      'Scatterscope engine stopped',
      `The engine process exited (code ${code}) several times in a minute and was not restarted. Recordings made so far are on disk; restart the app to analyse again.`,
    );
  },
});

/** Gives the window a fresh MessagePort to the engine host. */
async function connectPage(): Promise<void> {
  const window = mainWindow;
  if (window === null || !engine.running) return;
  const { port1, port2 } = new MessageChannelMain();
  await engine.connectUi(port1);
  window.webContents.postMessage(IPC.enginePort, null, [port2]);
}

/** Whether an IPC message comes from the app's own page in the main window's top frame. */
function fromAppPage(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return (
    mainWindow !== null &&
    event.sender === mainWindow.webContents &&
    frame !== null &&
    // The top frame (no parent), not an embedded one, showing the app's own page.
    frame.parent === null &&
    isAllowedNavigation(frame.url, pageUrl)
  );
}

function refuseForeign(event: IpcMainEvent | IpcMainInvokeEvent): void {
  if (!fromAppPage(event)) throw new Error('IPC refused: not from the app page');
}

async function openSource(kind: 'file' | 'session'): Promise<string | null> {
  if (mainWindow === null) return null;
  const result = await dialog.showOpenDialog(mainWindow, {
    title: kind === 'file' ? 'Open an audio file' : 'Open a recorded session',
    properties: kind === 'file' ? ['openFile'] : ['openDirectory'],
    ...(kind === 'file'
      ? {
          filters: [
            { name: 'Audio', extensions: ['wav', 'flac', 'mp3', 'ogg', 'opus', 'npy'] },
            { name: 'All files', extensions: ['*'] },
          ],
        }
      : {}),
  });
  const path = result.filePaths[0];
  if (result.canceled || path === undefined) return null;
  const reply = await engine.request({ type: 'offer-source', path, kind });
  return reply.sourceId ?? null;
}

async function chooseRecordingsFolder(): Promise<string | null> {
  if (mainWindow === null) return null;
  const result = await dialog.showOpenDialog(mainWindow, {
    title: 'Folder for new recordings',
    properties: ['openDirectory', 'createDirectory'],
  });
  const path = result.filePaths[0];
  if (result.canceled || path === undefined) return null;
  await engine.request({ type: 'set-recordings-folder', path });
  return path;
}

async function saveFile(suggestedName: string, bytes: Uint8Array): Promise<string | null> {
  if (mainWindow === null) return null;
  const result = await dialog.showSaveDialog(mainWindow, {
    defaultPath: join(app.getPath('documents'), suggestedName),
  });
  if (result.canceled || result.filePath === '') return null;
  // Written beside the target and renamed: a failed write never leaves half a file there.
  const partial = `${result.filePath}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, result.filePath);
  return result.filePath;
}

function registerIpc(): void {
  ipcMain.on(IPC.requestEnginePort, (event) => {
    if (fromAppPage(event)) void connectPage();
  });
  ipcMain.handle(IPC.openSource, (event, kind: unknown) => {
    refuseForeign(event);
    return openSource(parseSourceKind(kind));
  });
  ipcMain.handle(IPC.chooseRecordingsFolder, (event) => {
    refuseForeign(event);
    return chooseRecordingsFolder();
  });
  ipcMain.handle(IPC.saveFile, (event, name: unknown, bytes: unknown) => {
    refuseForeign(event);
    return saveFile(parseSuggestedName(name), parseSaveBytes(bytes));
  });
}

function toMenuTemplate(spec: readonly MenuSpec[]): MenuItemConstructorOptions[] {
  return spec.map((menu) => ({
    label: menu.label,
    submenu: menu.submenu.map((item): MenuItemConstructorOptions => {
      const command = item.command;
      if (command === undefined) return { ...item };
      return {
        label: item.label ?? command,
        ...(item.accelerator === undefined ? {} : { accelerator: item.accelerator }),
        click: () => {
          if (command === 'choose-recordings-folder') void chooseRecordingsFolder();
          else mainWindow?.webContents.send(IPC.menuCommand, command);
        },
      };
    }),
  }));
}

function applySessionPolicy(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(isPermissionGranted(permission));
  });
  ses.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  const csp = contentSecurityPolicy(devServer);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] },
    });
  });
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Scatterscope',
    backgroundColor: '#101318',
    show: false,
    // Spelled out here (not built by a function) so that static checks such as
    // electronegativity see them; the type holds them to security.ts's policy.
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    } satisfies SecureWebPreferences,
  });
  mainWindow = window;
  window.once('ready-to-show', () => {
    window.show();
  });
  window.on('closed', () => {
    mainWindow = null;
  });
  void window.loadURL(pageUrl);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, pageUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, pageUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.on('window-all-closed', () => {
  app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  // Finalise a recording in progress before the process ends.
  event.preventDefault();
  quitting = true;
  void engine.shutdown().finally(() => {
    app.quit();
  });
});

void app.whenReady().then(async () => {
  applySessionPolicy();
  registerIpc();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(toMenuTemplate(appMenu({ developerTools: !app.isPackaged }))),
  );
  engine.start();
  const recordings = join(app.getPath('music'), 'Scatterscope');
  await mkdir(recordings, { recursive: true });
  await engine.request({ type: 'set-recordings-folder', path: recordings });
  createWindow();
});
