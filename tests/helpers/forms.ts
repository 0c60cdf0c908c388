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
