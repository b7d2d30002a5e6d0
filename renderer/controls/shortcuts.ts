/**
 * Keyboard shortcuts: space pauses (the replay, or freezes a live display), R records or stops,
 * O opens a source. Ignored while typing in a field or with a modifier held.
 */
export interface ShortcutActions {
  readonly pause: () => void;
  readonly record: () => void;
  readonly open: () => void;
}

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLInputElement ||
  target instanceof HTMLSelectElement ||
  target instanceof HTMLTextAreaElement;

export function bindShortcuts(actions: ShortcutActions): void {
  window.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || isTyping(event.target))
      return;
    // Space on a focused button presses that button.
    if (event.key === ' ' && event.target instanceof HTMLButtonElement) return;
    const action =
      event.key === ' '
        ? actions.pause
        : event.key === 'r' || event.key === 'R'
          ? actions.record
          : event.key === 'o' || event.key === 'O'
            ? actions.open
            : null;
    if (action === null) return;
    event.preventDefault();
    action();
  });
}
