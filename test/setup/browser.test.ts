// The browser the HTML tests rely on: a real headless Chromium that loads a page, and axe-core that
// finds what is wrong with one (so that "no violations" elsewhere means something).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, keepScreenshot, openBrowser, openPage } from "../helpers/browser.js";
import { tempDir } from "../helpers/tmp.js";

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function page(dir: string, name: string, html: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, html);
  return pathToFileURL(file).href;
}

describe("headless Chromium with axe-core", () => {
  it("finds the violations of an inaccessible page and reports its console errors", async () => {
    const dir = tempDir();
    const url = page(
      dir,
      "bad.html",
      `<!doctype html><html><head><title>x</title></head><body><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">` +
        `<script>console.error("broken")</script></body></html>`,
    );
    const { page: loaded, problems } = await openPage(browser, url);
    const ids = (await axeViolations(loaded)).map((violation) => violation.id);
    expect(ids).toContain("image-alt");
    expect(ids).toContain("html-has-lang");
    expect(problems).toEqual(["console: broken"]);
  });

  it("passes an accessible page and keeps its screenshot", async () => {
    const dir = tempDir();
    const url = page(
      dir,
      "good.html",
      `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Bekanntmachung</title></head>` +
        `<body><main><h1>Straßensperrung</h1><p>Die Hauptstraße ist gesperrt.</p></main></body></html>`,
    );
    const { page: loaded, problems } = await openPage(browser, url);
    expect(await axeViolations(loaded)).toEqual([]);
    expect(problems).toEqual([]);
    const shot = await keepScreenshot(loaded, "browser-selftest");
    expect(shot.endsWith("browser-selftest.png")).toBe(true);
  });
});
