/**
 * Notices the user must see (a lost device, an unreadable file, a full disk, a refused
 * request): a visible message with a dismiss button. The page keeps running; a message that
 * repeats shows once, with a count.
 */
export type NoticeLevel = 'error' | 'warning';

export class NoticeList {
  private readonly shown = new Map<string, { element: HTMLElement; count: number }>();

  constructor(private readonly container: HTMLElement) {}

  /** Removes the notices of one code (a lost link, once it is back). */
  dismissCode(code: string): void {
    for (const [key, { element }] of this.shown) {
      if (element.dataset.code !== code) continue;
      element.remove();
      this.shown.delete(key);
    }
  }

  show(level: NoticeLevel, message: string, code = 'page'): void {
    const key = `${level}:${code}:${message}`;
    const existing = this.shown.get(key);
    if (existing !== undefined) {
      existing.count++;
      const counter = existing.element.querySelector('.count');
      if (counter !== null) counter.textContent = `×${existing.count}`;
      return;
    }
    const element = document.createElement('div');
    element.className = `notice ${level}`;
    element.dataset.testid = 'notice';
    element.dataset.code = code;
    element.setAttribute('role', level === 'error' ? 'alert' : 'status');
    const text = document.createElement('span');
    text.textContent = message;
    const counter = document.createElement('span');
    counter.className = 'count readout';
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.textContent = 'Dismiss';
    dismiss.dataset.testid = 'dismiss-notice';
    dismiss.addEventListener('click', () => {
      element.remove();
      this.shown.delete(key);
    });
    element.append(text, counter, dismiss);
    this.container.append(element);
    this.shown.set(key, { element, count: 1 });
  }
}
