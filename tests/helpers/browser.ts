/**
 * Real Chromium (Debian package) through playwright-core, with axe-core run on every page a test visits:
 * any WCAG 2.1 A/AA violation fails the test. A screenshot of the failing page is kept in test-results/.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

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

/** Which contexts run without JavaScript (page.evaluate would hang there, so axe runs in a world of its own). */
const withoutJavaScript = new WeakSet<BrowserContext>();

export async function newContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    locale: options.locale ?? 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  if (options.javaScriptEnabled === false) withoutJavaScript.add(context);
  else {
    // axe-core comes with every document of the context as it starts, as an init script Chromium compiles once and keeps:
    // evaluating half a megabyte of script per document from the test took 0.2 to 1 s each time, most of a check's time.
    // Pages' Content-Security-Policy does not apply to init scripts.
    await context.addInitScript({ content: axeSource });
  }
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

/** The script that runs axe in a document and reports its violations in a form small enough to cross the protocol. */
function axeRunScript(options: object): string {
  return `axe.run(document, ${JSON.stringify(options)}).then((results) => results.violations.map((v) => ({
    id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')),
  })))`;
}

/**
 * Runs axe in the page itself, as AxeBuilder's legacy mode does. axe-core comes with the document (an init script of
 * the context); a frame without it (one that began before the init script, or an about:blank frame) gets it injected
 * once. axe sets up and tears down its state on every run.
 */
async function runAxe(page: Page): Promise<Violation[]> {
  if (withoutJavaScript.has(page.context())) return runAxeBesidePageScripts(page);
  for (const frame of page.frames()) {
    try {
      if (!(await frame.evaluate('typeof window.axe === "object"'))) await frame.evaluate(axeSource);
    } catch {
      // A frame that is gone or not scriptable: axe in the main frame reports what it cannot reach.
    }
  }
  return page.evaluate(axeRunScript(AXE_OPTIONS)) as Promise<Violation[]>;
}

/**
 * With JavaScript off, the page's own scripts do not run, but a separate script world of the same document still does
 * (Chromium's isolated worlds, which extensions use): axe runs there on the very DOM and styles the visitor got, frame by
 * frame. Timers do not fire in such a world while the page's scripts are off, so axe's few waits (setTimeout for
 * frames and for yielding between rules) are replaced by microtasks; with iframes off that changes no result.
 * A frame's world with axe loaded is kept for the next check of the same document (the other width, a changed DOM).
 */
async function runAxeBesidePageScripts(page: Page): Promise<Violation[]> {
  let worlds = axeWorlds.get(page);
  if (!worlds) {
    worlds = { session: await page.context().newCDPSession(page), byFrame: new Map() };
    axeWorlds.set(page, worlds);
  }
  const { session, byFrame } = worlds;
  const { frameTree } = await session.send('Page.getFrameTree');
  const frames: { id: string; loaderId: string }[] = [];
  const walk = (tree: typeof frameTree): void => {
    frames.push(tree.frame);
    for (const child of tree.childFrames ?? []) walk(child);
  };
  walk(frameTree);
  const violations: Violation[] = [];
  for (const frame of frames) {
    let world = byFrame.get(frame.id);
    if (world?.loaderId !== frame.loaderId) {
      const { executionContextId } = await session.send('Page.createIsolatedWorld', { frameId: frame.id, worldName: 'axe' });
      const loaded = await session.send('Runtime.evaluate', { expression: `${MICROTASK_TIMERS};\n${axeSource}`, contextId: executionContextId });
      if (loaded.exceptionDetails) throw new Error(`axe could not be loaded: ${loaded.exceptionDetails.text}`);
      world = { loaderId: frame.loaderId, contextId: executionContextId };
      byFrame.set(frame.id, world);
    }
    const run = await session.send('Runtime.evaluate', {
      expression: axeRunScript({ ...AXE_OPTIONS, iframes: false }),
      contextId: world.contextId,
      awaitPromise: true,
      returnByValue: true,
    });
    if (run.exceptionDetails) throw new Error(`axe failed: ${run.exceptionDetails.exception?.description ?? run.exceptionDetails.text}`);
    violations.push(...(run.result.value as Violation[]));
  }
  return violations;
}

/** Per page without JavaScript: its protocol session and, per frame, the document (loader) and world axe was loaded into. */
const axeWorlds = new WeakMap<Page, { session: CDPSession; byFrame: Map<string, { loaderId: string; contextId: number }> }>();

/** setTimeout and clearTimeout for a script world in which timers never fire (see runAxeBesidePageScripts). */
const MICROTASK_TIMERS = `window.setTimeout = (callback, _ms, ...args) => { Promise.resolve().then(() => callback(...args)); return 0; };
window.clearTimeout = () => {};`;

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

/** axe on the current page, with JavaScript on or off. */
export async function checkPage(page: Page, name: string): Promise<void> {
  const refused = cspViolations.get(page) ?? [];
  if (refused.length > 0) throw new Error(`${name}: the Content-Security-Policy refused:\n${refused.join('\n')}`);
  await expectAccessible(page, name);
}
