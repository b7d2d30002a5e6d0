/**
 * The desktop app's security policy as data and pure functions, so that tests check it without
 * Electron: the window's web preferences, the page's Content-Security-Policy, which permission
 * requests are granted, and where the window may navigate.
 */

/**
 * A BrowserWindow's webPreferences, as far as security goes: main.ts spells its window's
 * preferences out and declares them `satisfies SecureWebPreferences`, so a weaker value
 * (contextIsolation: false, a missing sandbox) does not compile.
 */
export interface SecureWebPreferences {
  readonly preload: string;
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly experimentalFeatures: false;
  readonly webviewTag: false;
  readonly navigateOnDragDrop: false;
  readonly spellcheck: false;
  /** Middle-click opens links in new windows; the app has no use for it. */
  readonly disableBlinkFeatures: 'Auxclick';
}

/**
 * The page's Content-Security-Policy, sent as a response header for every page load (the page
 * also carries it in a meta tag for browsers). Scripts and styles come from the app only; no
 * eval, no inline script; images from the app or generated (canvas exports are blob:/data:);
 * the engine is reached over a MessagePort, so no network connection is allowed, except to the
 * Vite dev server while developing (`devServer`, an http://host:port origin).
 */
export function contentSecurityPolicy(devServer: string | null): string {
  const self = devServer === null ? "'self'" : `'self' ${devServer}`;
  const connect =
    devServer === null ? "'none'" : `${devServer} ${devServer.replace(/^http/, 'ws')}`;
  return [
    "default-src 'none'",
    `script-src ${self}`,
    // Styles from the app's stylesheets only (uPlot's included); script may still set
    // element.style, which CSP does not restrict.
    `style-src ${self}`,
    `img-src ${self} data: blob:`,
    `font-src ${self}`,
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Permission requests from the page: every one is denied. The page never needs the microphone
 * itself: capture runs in the engine host, through PortAudio. Clipboard writes for copying a
 * readout are the one exception.
 */
export function isPermissionGranted(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

/**
 * Whether the window may navigate to `url`: only to the app's own page (a file inside the
 * package, or the dev server while developing). Links to elsewhere are refused; the app never
 * opens new windows.
 */
export function isAllowedNavigation(url: string, appPageUrl: string): boolean {
  let target: URL;
  let page: URL;
  try {
    target = new URL(url);
    page = new URL(appPageUrl);
  } catch {
    return false;
  }
  if (page.protocol === 'file:')
    return target.protocol === 'file:' && target.pathname === page.pathname;
  return target.origin === page.origin;
}
