/**
 * Real Chromium (Debian package) through playwright-core, with axe-core run on every page a test visits:
 * any WCAG 2.1 A/AA violation fails the test. A screenshot of the failing page is kept in test-results/.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const resultsDir = resolve(import.meta.dirname, '..', '..', 'test-results');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface ContextOptions {
  javaScriptEnabled?: boolean;
  locale?: string;
}

/** Which contexts run without JavaScript (page.evaluate would hang there, so axe runs on a copy). */
const withoutJavaScript = new WeakSet<BrowserContext>();

export async function newContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    locale: options.locale ?? 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  if (options.javaScriptEnabled === false) withoutJavaScript.add(context);
  // Chromium reports what the page's Content-Security-Policy blocked (a script or style without its hash).
  context.on('console', (message) => {
    const page = message.page();
    if (!page || message.type() !== 'error' || !message.text().includes('Content Security Policy')) return;
    cspViolations.set(page, [...(cspViolations.get(page) ?? []), message.text()]);
  });
  // No page may talk to a third party: every request must stay on this machine.
  await context.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/)(?!data:)(?!about:).*/, (route) => {
    thirdPartyRequests.push(route.request().url());
    return route.abort();
  });
  return context;
}

/** What each page's Content-Security-Policy refused; `checkPage` fails on any. */
const cspViolations = new WeakMap<Page, string[]>();

/** Requests to other hosts seen by any context (tests assert this stays empty). */
export const thirdPartyRequests: string[] = [];

export async function screenshotOnFailure(page: Page, name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name.replace(/[^a-z0-9-]+/gi, '_')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The two widths every visited page is checked at: a phone and a desktop screen. */
export const PHONE_WIDTH = 390;
export const DESKTOP_WIDTH = 1280;

/**
 * Runs axe (WCAG 2.0/2.1 A and AA) on the page at its own width and at the other of phone/desktop width (a layout
 * that only breaks on a phone is caught too); throws with a readable list of violations.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const original = page.viewportSize() ?? { width: DESKTOP_WIDTH, height: 720 };
  const other = original.width <= PHONE_WIDTH ? DESKTOP_WIDTH : PHONE_WIDTH;
  try {
    for (const width of [original.width, other]) {
      if (width !== original.width) await page.setViewportSize({ width, height: original.height });
      await analyse(page, `${name}-${width}px`);
    }
  } finally {
    await page.setViewportSize(original);
  }
}

/**
 * Page states (the whole DOM at one viewport size) that axe found no violation in. The same flow runs on a phone and a
 * desktop, with and without JavaScript, so about half of all checks meet a DOM already checked at that size;
 * with the same markup, styles and size axe comes to the same result, so it is not run again.
 */
const passedStates = new Set<string>();

/** The rules axe runs: every WCAG 2.0/2.1 A and AA rule. */
const AXE_OPTIONS = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  // Only violations fail a test: axe still checks every node for them, but collects passes and incomplete results
  // for one node per rule instead of all.
  resultTypes: ['violations'],
};

/** axe-core as @axe-core/playwright ships it (the same version its AxeBuilder injects). */
const axeSource = (createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright'))('axe-core') as { source: string }).source;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe in the page itself, as AxeBuilder's legacy mode does, but injects axe-core (half a megabyte of script)
 * once per document instead of twice per run: the second width and later checks of a page whose DOM changed reuse
 * it. That was more than half the time of a check. axe sets up and tears down its state on every run.
 */
async function runAxe(page: Page): Promise<Violation[]> {
  for (const frame of page.frames()) {
    try {
      if (!(await frame.evaluate('typeof window.axe === "object"'))) await frame.evaluate(axeSource);
    } catch {
      // A frame that is gone or not scriptable: axe in the main frame reports what it cannot reach.
    }
  }
  return page.evaluate(async (options) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    interface AxeViolation {
      id: string;
      impact?: string | null;
      help: string;
      nodes: { target: unknown[] }[];
    }
    const results = await axe.run(document, options);
    return results.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, AXE_OPTIONS);
}

async function analyse(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize();
  const state = `${createHash('sha256')
    .update(await page.content())
    .digest('hex')}@${viewport?.width}x${viewport?.height}`;
  if (passedStates.has(state)) return;
  const violations = await runAxe(page);
  if (violations.length === 0) {
    passedStates.add(state);
    return;
  }
  const shot = await screenshotOnFailure(page, `axe-${name}`);
  const lines = violations.map((v) => `- ${v.id} (${v.impact}): ${v.help}\n  ${v.targets.slice(0, 5).join('\n  ')}`);
  throw new Error(
    `axe found ${violations.length} violation(s) on ${page.url()} at ${page.viewportSize()?.width} px (screenshot: ${shot}):\n${lines.join('\n')}`,
  );
}

/** Opens a URL and checks it with axe; returns the page for further steps. */
export async function visit(context: BrowserContext, url: string, name: string): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(url);
  if (!response) throw new Error(`no response for ${url}`);
  await checkPage(page, name);
  return page;
}

/** One JavaScript-enabled context per browser in which axe checks copies of pages from contexts without JavaScript. */
const axeContexts = new WeakMap<Browser, Promise<BrowserContext>>();

/** axe on the current page; with JavaScript off, axe runs on a JS-enabled copy of the same HTML at the same URL. */
export async function checkPage(page: Page, name: string): Promise<void> {
  const refused = cspViolations.get(page) ?? [];
  if (refused.length > 0) throw new Error(`${name}: the Content-Security-Policy refused:\n${refused.join('\n')}`);
  if (!withoutJavaScript.has(page.context())) {
    await expectAccessible(page, name);
    return;
  }
  const browser = page.context().browser();
  if (!browser) throw new Error('page has no browser');
  const html = await page.content();
  const url = page.url();
  let helper = axeContexts.get(browser);
  if (!helper) {
    helper = browser.newContext({ javaScriptEnabled: true });
    axeContexts.set(browser, helper);
  }
  const copy = await (await helper).newPage();
  // Serve the copy from memory (no second request to the server, which may answer differently without the
  // session); styles and images still load from the server because the URL is the same.
  await copy.route(
    (target) => target.href === url,
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  await copy.goto(url);
  try {
    await expectAccessible(copy, name);
  } finally {
    await copy.close();
  }
}
