/**
 * A real headless Chromium (Debian's package, path from the global setup) for the tests of the HTML that
 * announce writes: load a page or a file, collect console errors, run axe-core on it, keep a screenshot.
 *
 *   const browser = await openBrowser();            // one per test file; close it in afterAll
 *   const page = await openPage(browser, fileUrl);  // fails on console errors and failed requests
 *   expect(await axeViolations(page)).toEqual([]);
 *   await keepScreenshot(page, "website-bombenentschaerfung");
 *
 * Screenshots are kept under test-artifacts/ at the project root (gitignored), where CI can collect them.
 */
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { inject } from "vitest";

const require = createRequire(import.meta.url);
const AXE_SOURCE = require.resolve("axe-core/axe.min.js");

/** Where screenshots and other files for people to look at are kept (a known path for CI artifacts). */
export const ARTIFACTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test-artifacts");

export async function openBrowser(): Promise<Browser> {
  const { path: executablePath } = inject("chromium");
  // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
}

/** A page that was loaded; `problems` collects console errors, page errors and failed requests. */
export interface LoadedPage {
  page: Page;
  problems: string[];
}

/**
 * Opens `url` in a fresh context (offline unless `online` is set, so a page that needs the network shows
 * it) and waits until it has loaded.
 */
export async function openPage(browser: Browser, url: string, options: { online?: boolean; width?: number } = {}): Promise<LoadedPage> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1024, height: 768 }, locale: "de-DE", offline: !options.online });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? "?"})`));
  await page.goto(url, { waitUntil: "load" });
  return { page, problems };
}

/** One axe-core finding, reduced to what a failing test should show. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules and best practices) on the loaded page and returns its
 * violations; an accessible page gives [].
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeRunResult> } }).axe;
    interface AxeRunResult {
      violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[];
    }
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(" ")),
    }));
  });
}

/** Saves a full-page screenshot as test-artifacts/<name>.png and returns its path. */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
