import { describe, expect, it } from 'vitest';
import { appMenu } from '../../electron/app-menu.js';
import type { MenuCommand } from '../../src/protocol/desktop-bridge.js';

const PAGE_COMMANDS: readonly MenuCommand[] = [
  'open-file',
  'open-session',
  'toggle-recording',
  'toggle-pause',
];

describe('the application menu', () => {
  it('offers every page command once, and shortcuts that do not collide', () => {
    const items = appMenu({ developerTools: false }).flatMap((menu) => menu.submenu);
    const commands = items.flatMap((item) => (item.command === undefined ? [] : [item.command]));
    for (const command of PAGE_COMMANDS)
      expect(commands.filter((c) => c === command)).toHaveLength(1);
    const accelerators = items.flatMap((item) => item.accelerator ?? []);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('shows developer tools only in development', () => {
    const roles = (developerTools: boolean) =>
      appMenu({ developerTools }).flatMap((menu) => menu.submenu.map((item) => item.role));
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });
});
