import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  isAllowedNavigation,
  isPermissionGranted,
} from '../../electron/security.js';

/** The policy's directives as a map: 'script-src' → ["'self'"]. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('the desktop page Content-Security-Policy', () => {
  it('allows scripts from the app only, no eval, no network in the packaged app', () => {
    const policy = directives(contentSecurityPolicy(null));
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    for (const values of policy.values()) {
      expect(values).not.toContain("'unsafe-eval'");
      expect(values).not.toContain("'unsafe-inline'");
      expect(values).not.toContain('*');
    }
  });

  it('lets the page reach the Vite dev server while developing, and nothing else', () => {
    const policy = directives(contentSecurityPolicy('http://localhost:5173'));
    expect(policy.get('script-src')).toEqual(["'self'", 'http://localhost:5173']);
    expect(policy.get('connect-src')).toEqual(['http://localhost:5173', 'ws://localhost:5173']);
  });
});

describe('permission requests from the page', () => {
  it('denies the microphone, camera, notifications and the rest (capture runs in the engine)', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'midi', 'openExternal'])
      expect(isPermissionGranted(permission)).toBe(false);
  });

  it('grants a sanitised clipboard write (copying a readout)', () => {
    expect(isPermissionGranted('clipboard-sanitized-write')).toBe(true);
  });
});

describe('navigation', () => {
  const packaged = 'file:///opt/Scatterscope/resources/app/.vite/renderer/main_window/index.html';

  it('stays on the packaged page', () => {
    expect(isAllowedNavigation(`${packaged}#panel`, packaged)).toBe(true);
    expect(isAllowedNavigation('file:///etc/passwd', packaged)).toBe(false);
    expect(isAllowedNavigation('https://example.com/', packaged)).toBe(false);
  });

  it('stays on the dev server origin while developing', () => {
    const dev = 'http://localhost:5173/';
    expect(isAllowedNavigation('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', dev)).toBe(false);
    expect(isAllowedNavigation('not a url', dev)).toBe(false);
  });
});
