// Driving the message editor (STACKLINE_EDITMSG) and the notifications it leads to in a real VS Code:
// wait for it by its accept lens, read what it shows, retype the subject, accept with Ctrl+Enter;
// read a toast, press one of its buttons, clear them.
import type { Page } from 'playwright-core';
import { until, type Session } from './harness';

/** The text of the visible notification toast that contains `text`, once it shows. */
export async function notification(session: Session, text: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const toast = session.page.locator('.notifications-toasts .notification-list-item', { hasText: text }).first();
  await toast.waitFor({ timeout: timeoutMs });
  return ((await toast.locator('.notification-list-item-message').textContent()) ?? '').trim();
}

export async function clickNotificationButton(session: Session, text: string | RegExp, button: string): Promise<void> {
  await session.page
    .locator('.notifications-toasts .notification-list-item', { hasText: text })
    .first()
    .locator('.monaco-button', { hasText: button })
    .click();
}

export async function clearNotifications(session: Session): Promise<void> {
  await session.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
}

/** The message editor's text as drawn (the editor shows spaces as no-break spaces). */
export async function editorText(page: Page): Promise<string> {
  // Drawn lines are positioned absolutely and reused: their order in the DOM is not the order on screen.
  const lines = await page.$eval('.editor-instance .monaco-editor .view-lines', (el) =>
    Array.from(el.querySelectorAll<HTMLElement>('.view-line')).map(
      (line) => [parseFloat(line.style.top), line.textContent ?? ''] as const,
    ),
  );
  return lines
    .sort((a, b) => a[0] - b[0])
    .map(([, text]) => text.replace(/\u00a0/g, ' '))
    .join('\n');
}

export async function waitForMessageEditor(session: Session, lens: string): Promise<void> {
  await session.page.locator('.tabs-container .tab', { hasText: 'STACKLINE_EDITMSG' }).waitFor({ timeout: 20_000 });
  await session.page
    .locator('.editor-instance .codelens-decoration', { hasText: lens })
    .first()
    .waitFor({ timeout: 20_000 });
}

/** Ctrl+Enter in the message editor; done when that editor is gone (the next one, if any, has another folder). */
export async function acceptMessage(session: Session): Promise<void> {
  const folder = () =>
    session.page
      .locator('.part.editor .breadcrumbs-control')
      .first()
      .textContent({ timeout: 2_000 })
      .catch(() => null);
  const before = await folder();
  await focusEditor(session.page);
  await session.page.keyboard.press('Control+Enter');
  await until(
    'the message editor to close',
    async () =>
      (await session.page.locator('.tabs-container .tab', { hasText: 'STACKLINE_EDITMSG' }).count()) === 0 ||
      (await folder()) !== before ||
      undefined,
    20_000,
  );
}

/** Puts the keyboard in the message editor (a click on its text; the cursor goes where the click is). */
export async function focusEditor(page: Page): Promise<void> {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
}

/** Replaces the first line of the focused editor. */
export async function retypeSubject(page: Page, subject: string): Promise<void> {
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type(subject, { delay: 5 });
}
