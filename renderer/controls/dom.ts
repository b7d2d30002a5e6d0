/** Looking up the page's elements by their stable `data-testid`, typed. */

export function byTestId<T extends HTMLElement>(
  testId: string,
  type: abstract new () => T,
  root: ParentNode = document,
): T {
  const element = root.querySelector(`[data-testid="${testId}"]`);
  if (!(element instanceof type))
    throw new Error(`the page has no ${type.name} with data-testid="${testId}"`);
  return element;
}

/** Replaces a select's options, keeping the selection when it is still offered. */
export function setOptions(
  select: HTMLSelectElement,
  options: readonly { readonly value: string; readonly label: string }[],
  preferred: string | null = null,
): void {
  const keep = preferred ?? select.value;
  const same =
    select.options.length === options.length &&
    options.every((option, i) => {
      const existing = select.options[i];
      return existing?.value === option.value && existing.textContent === option.label;
    });
  if (!same) {
    select.replaceChildren(
      ...options.map(({ value, label }) => {
        const element = document.createElement('option');
        element.value = value;
        element.textContent = label;
        return element;
      }),
    );
  }
  if (options.some((option) => option.value === keep)) select.value = keep;
}

/** "1:05" for 65 s. */
export function formatClock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
