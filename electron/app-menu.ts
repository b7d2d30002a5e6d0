/**
 * The application menu as data: File (open a file or a session, recordings folder, quit),
 * Analysis (pause, record), View and Help. Items that act on the page send it a MenuCommand;
 * the page does what its keyboard shortcut would.
 */
import type { MenuCommand } from '../src/protocol/desktop-bridge.js';

export interface MenuItemSpec {
  readonly label?: string;
  readonly accelerator?: string;
  readonly role?:
    | 'quit'
    | 'reload'
    | 'toggleDevTools'
    | 'resetZoom'
    | 'zoomIn'
    | 'zoomOut'
    | 'togglefullscreen'
    | 'about';
  readonly type?: 'separator';
  /** A command for the page, or an action of the main process. */
  readonly command?: MenuCommand | 'choose-recordings-folder';
}

export interface MenuSpec {
  readonly label: string;
  readonly submenu: readonly MenuItemSpec[];
}

export function appMenu(options: { readonly developerTools: boolean }): MenuSpec[] {
  return [
    {
      label: 'File',
      submenu: [
        // The page's own shortcut for O opens a file too; the menu shows it with its modifier.
        { label: 'Open Audio File…', accelerator: 'CmdOrCtrl+O', command: 'open-file' },
        {
          label: 'Open Session Folder…',
          accelerator: 'CmdOrCtrl+Shift+O',
          command: 'open-session',
        },
        { type: 'separator' },
        { label: 'Recordings Folder…', command: 'choose-recordings-folder' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'Analysis',
      submenu: [
        { label: 'Pause / Resume', command: 'toggle-pause' },
        { label: 'Record / Stop Recording', command: 'toggle-recording' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(options.developerTools
          ? [
              { type: 'separator' } as const,
              { role: 'reload' } as const,
              { role: 'toggleDevTools' } as const,
            ]
          : []),
      ],
    },
    { label: 'Help', submenu: [{ role: 'about' }] },
  ];
}
