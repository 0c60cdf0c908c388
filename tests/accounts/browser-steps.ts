/** Steps the account browser tests share. */
import type { Page } from 'playwright-core';
import { checkPage } from '../helpers/browser';
import { submitForm } from '../helpers/forms';

/**
 * Time for a flow through many pages: each page is checked by axe at phone and desktop width, which on a shared
 * 2-core machine takes several seconds per page.
 */
export const LONG_FLOW_MS = 240_000;

/** A password the portal accepts (long, not on the list of common ones). */
export const PASSWORD = 'Lindenblüten im Juni';

/** Fills the login form on the current page and sends it; returns the status of the POST. */
export async function logIn(page: Page, email: string, password: string, landsOn: RegExp): Promise<number> {
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort (Pflichtfeld)', { exact: true }).fill(password);
  return submit(page, 'Anmelden', landsOn);
}

/** Follows a link by its visible name, waits for the page it leads to and checks that page with axe. */
export async function follow(page: Page, name: string, url: RegExp, shot: string): Promise<void> {
  await page.getByRole('link', { name, exact: true }).first().click();
  await page.waitForURL(url);
  await checkPage(page, shot);
}

/** Sends the form with the button of this name; waits for the answer at a URL matching `landsOn`; returns the POST status. */
export async function submit(page: Page, button: string, landsOn: RegExp): Promise<number> {
  const status = await submitForm(page, page.getByRole('button', { name: button, exact: true }));
  await page.waitForURL(landsOn);
  return status;
}
