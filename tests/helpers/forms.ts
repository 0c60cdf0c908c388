/** Submitting a form in Chromium the way a person does, with or without JavaScript, and seeing what came back. */
import type { Locator, Page } from 'playwright-core';

/**
 * Clicks the submit button and waits until the next page has loaded (after a redirect too); returns the status of
 * the form post itself (303 after success, 4xx when the input was refused).
 */
export async function submitForm(page: Page, button: Locator): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.waitForEvent('load'),
    button.click(),
  ]);
  return response.status();
}

/** The element's text with whitespace collapsed, as a person reads it. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * After a refused submit, the form pipeline's promises hold: the page title starts with "Fehler: " (or the English
 * "Error: "), the error summary is focused and in view and lists one linked problem per given field, each field
 * shows its message and is marked invalid, and each summary link moves to its field. Works with JavaScript off.
 */
export async function expectErrorSummary(page: Page, fields: readonly string[], options: { idPrefix?: string } = {}): Promise<void> {
  const prefix = options.idPrefix ?? '';
  const title = await page.title();
  if (!/^(Fehler|Error): /.test(title)) throw new Error(`title does not start with "Fehler: ": ${title}`);
  const summary = page.locator('[data-error-summary]');
  if ((await summary.count()) !== 1) throw new Error(`expected one error summary, found ${await summary.count()}`);
  if (!(await becomesFocused(page, '[data-error-summary]'))) throw new Error('the error summary is not focused');
  if (!(await isInViewport(summary))) throw new Error('the error summary is not in view');
  const links = summary.locator('a');
  const hrefs: (string | null)[] = [];
  for (let i = 0; i < (await links.count()); i++) hrefs.push(await links.nth(i).getAttribute('href'));
  for (const field of fields) {
    const id = `${prefix}f-${field}`;
    if (!hrefs.includes(`#${id}`)) throw new Error(`the summary has no link to ${id} (links: ${hrefs.join(', ')})`);
    const control = page.locator(`[id="${id}"]`);
    if ((await control.getAttribute('aria-invalid')) !== 'true') throw new Error(`${id} is not marked aria-invalid`);
    const describedBy =
      (await control.getAttribute('aria-describedby')) ?? (await control.locator('xpath=ancestor::fieldset[1]').getAttribute('aria-describedby')) ?? '';
    if (!describedBy.split(' ').includes(`${id}-error`)) throw new Error(`${id} is not described by its error message`);
    if ((await textOf(page.locator(`[id="${id}-error"]`))) === '') throw new Error(`${id} has no error message next to it`);
  }
  if (fields.length > 0) {
    // A link of the summary moves to its field (the browser follows the fragment, with or without JavaScript).
    const last = `${prefix}f-${fields[fields.length - 1]}`;
    await summary.locator(`a[href="#${last}"]`).click();
    await page.waitForURL((url) => url.hash === `#${last}`);
    if (!(await isInViewport(page.locator(`[id="${last}"]`)))) throw new Error(`the link did not bring ${last} into view`);
  }
}

/** After a successful submit: the notice is the first thing in the main content, focused and in view. */
export async function expectNoticeFirst(page: Page, text?: RegExp): Promise<string> {
  const notice = page.locator('main > [data-notice]');
  if ((await notice.count()) !== 1) throw new Error(`expected one notice at the top of the main content on ${page.url()}`);
  const first = page.locator('main > :first-child');
  if ((await first.getAttribute('data-notice')) === null) throw new Error('the notice is not the first thing in the main content');
  if (!(await becomesFocused(page, '[data-notice]'))) throw new Error('the notice is not focused');
  if (!(await isInViewport(notice))) throw new Error('the notice is not in view');
  const shown = await textOf(notice);
  if (text && !text.test(shown)) throw new Error(`notice says "${shown}", expected ${text}`);
  return shown;
}

/**
 * After a post that saved nothing but asks ("warning — save anyway"): the title starts with "Bitte prüfen: ", the
 * warning summary (not the error summary) is focused and in view, and it offers "Trotzdem speichern". Returns the
 * warnings as read.
 */
export async function expectWarningSummary(page: Page): Promise<string[]> {
  const title = await page.title();
  if (!/^(Bitte prüfen|Please check): /.test(title)) throw new Error(`title does not start with "Bitte prüfen: ": ${title}`);
  if ((await page.locator('[data-error-summary]').count()) !== 0) throw new Error('a warning answer shows an error summary');
  const summary = page.locator('[data-warning-summary]');
  if ((await summary.count()) !== 1) throw new Error(`expected one warning summary, found ${await summary.count()}`);
  if (!(await becomesFocused(page, '[data-warning-summary]'))) throw new Error('the warning summary is not focused');
  if (!(await isInViewport(summary))) throw new Error('the warning summary is not in view');
  if ((await summary.locator('button[type="submit"][name="acceptWarnings"]').count()) !== 1)
    throw new Error('the warning summary has no "Trotzdem speichern" button');
  const items = summary.locator('li');
  const texts: string[] = [];
  for (let i = 0; i < (await items.count()); i++) texts.push(await textOf(items.nth(i)));
  return texts;
}

/**
 * Whether the element gets the focus. `autofocus` is applied at the browser's next rendering step, which on a busy
 * machine can come after the load event, so this waits up to five seconds (without page scripts: JS-off pages work).
 */
async function becomesFocused(page: Page, selector: string): Promise<boolean> {
  try {
    await page.locator(`${selector}:focus`).waitFor({ state: 'attached', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/** Whether any part of the element is inside the viewport (without running page scripts, so JS-off pages work). */
async function isInViewport(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = locator.page().viewportSize();
  if (!box || !size) return false;
  return box.y < size.height && box.y + box.height > 0;
}
