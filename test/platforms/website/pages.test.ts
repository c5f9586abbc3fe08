// The website channel's pages, index and feeds, as a browser, a validator and a feed reader see them: every
// shared notice is published to a website-only config, the folder is served by a static server, and the
// pages are checked with html-validate and with axe-core in a real headless Chromium.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseFeed } from "@rowanmanning/feed-parser";
import { HtmlValidate } from "html-validate";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishNotice } from "../../../src/publish/pipeline.js";
import { deleteNotice } from "../../../src/publish/remove.js";
import { startStaticServer, type StaticServer } from "../../fakes/static-server.js";
import { axeViolations, keepScreenshot, openBrowser, openPage } from "../../helpers/browser.js";
import { channels, websiteChannel } from "../../helpers/channels.js";
import { createProject, type TestProject } from "../../helpers/project.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/notices");
const NOTICES = ["ratsbeschluss", "sommerfest", "stellenausschreibung", "wasserrohrbruch", "bombenentschaerfung"] as const;
const lock = { waitMs: 5000, staleMs: 2000 };

let browser: Browser;
let server: StaticServer;
let project: TestProject;
let base: string;
/** When each notice was published: the moment before and after its run. */
const published = new Map<string, { before: Date; after: Date }>();
// long-title is search-engine advice (70 characters), not validity: a page's title is the notice's own.
const validator = new HtmlValidate({ extends: ["html-validate:recommended"], rules: { "long-title": "off" } });

const siteDir = () => path.join(project.dir, "site");
const pageOf = (id: string) => readFileSync(path.join(siteDir(), id, "index.html"), "utf8");

async function validHtml(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} (${m.line}:${m.column}): ${m.message}`));
}

beforeAll(async () => {
  project = await createProject(channels({}));
  server = await startStaticServer(path.join(project.dir, "site"));
  base = `${server.url}/`;
  writeFileSync(project.config, channels({ web: websiteChannel({ dir: "./site", base_url: base, title: "Stadt Beispielstadt: Meldungen" }) }, { defaults: { lang: "de" } }));
  cpSync(FIXTURES, path.join(project.dir, "notices"), { recursive: true });
  // The job advert names its channels; the copy goes to the website too.
  const advert = path.join(project.dir, "notices", "stellenausschreibung.md");
  writeFileSync(advert, readFileSync(advert, "utf8").replace(/^channels: .*\n/m, ""));
  for (const id of NOTICES) {
    const before = new Date();
    const report = await publishNotice({ notice: path.join(project.dir, "notices", `${id}.md`), config: project.config, env: {}, lock });
    expect(report.channels.map((c) => [c.channel, c.status])).toEqual([["web", "published"]]);
    published.set(id, { before, after: new Date() });
  }
  browser = await openBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the page of every shared notice", () => {
  it.each(NOTICES)("%s: valid HTML, no axe-core violations in Chromium, h-entry markup", async (id) => {
    const html = pageOf(id);
    expect(await validHtml(html)).toEqual([]);
    expect(html).not.toMatch(/<script|\son[a-z]+=/i); // no JavaScript

    const { page, problems } = await openPage(browser, `${base}${id}/index.html`, { online: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]); // no failed requests: every image is there
    expect(await page.locator("html").getAttribute("lang")).toBe("de");
    expect(await page.locator("h1").count()).toBe(1);
    for (const img of await page.locator("img").all()) {
      expect((await img.getAttribute("alt"))!.length).toBeGreaterThan(10);
      expect(Number(await img.getAttribute("width"))).toBeGreaterThan(0);
      expect(Number(await img.getAttribute("height"))).toBeGreaterThan(0);
      expect(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    }
    // microformats2: one h-entry with its name, content, publication time, address and categories.
    const entry = page.locator(".h-entry");
    expect(await entry.count()).toBe(1);
    const notice = readFileSync(path.join(project.dir, "notices", `${id}.md`), "utf8");
    const title = /^title: (.*)$/m.exec(notice)![1]!;
    expect(await entry.locator(".p-name").innerText()).toBe(title);
    expect(await entry.locator(".e-content").count()).toBe(1);
    const publishedAt = new Date((await entry.locator("time.dt-published").getAttribute("datetime"))!);
    expect(publishedAt >= published.get(id)!.before && publishedAt <= published.get(id)!.after).toBe(true);
    expect(await entry.locator("a.u-url").getAttribute("href")).toBe(`${base}${id}/`);
    const hashtags = /^hashtags: \[(.*)\]$/m.exec(notice)![1]!.split(", ");
    expect(await entry.locator(".p-category").allInnerTexts()).toEqual(hashtags);
    // Urgent notices are marked, visibly and in the title; others are not.
    const urgent = /^urgent: true$/m.test(notice);
    expect(await page.getByText("Dringende Meldung", { exact: true }).count()).toBe(urgent ? 1 : 0);
    expect((await page.title()).startsWith("Dringende Meldung: ")).toBe(urgent);
    if (id === "bombenentschaerfung") await keepScreenshot(page, `website-${id}`);
    await page.context().close();
  }, 180_000);

  it("escapes what the notice says: text in angle brackets stays text", async () => {
    const { page } = await openPage(browser, `${base}stellenausschreibung/index.html`, { online: true });
    expect(await page.locator(".e-content").innerText()).toContain("42 Mitarbeitenden <Standort: Rathaus & Technisches Rathaus>.");
    expect(await page.locator(".e-content strong").innerText()).toBe("Amtsleitung (m/w/d)");
    await page.context().close();
  }, 180_000);

  it("the index page lists every notice, newest first, and passes the same checks", async () => {
    const html = readFileSync(path.join(siteDir(), "index.html"), "utf8");
    expect(await validHtml(html)).toEqual([]);
    const { page, problems } = await openPage(browser, `${base}index.html`, { online: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    const links = await page.locator(".h-entry a.u-url").evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
    expect(links).toEqual([...NOTICES].reverse().map((id) => `${base}${id}/`));
    await page.context().close();
  }, 180_000);
});

describe("the feeds", () => {
  it("Atom and JSON Feed hold every notice, newest first, with its dates and page; a retraction stays as one", async () => {
    const check = (reading: "before" | "after") => {
      const atom = parseFeed(readFileSync(path.join(siteDir(), "feed.atom"), "utf8"));
      const json = JSON.parse(readFileSync(path.join(siteDir(), "feed.json"), "utf8")) as {
        version: string;
        title: string;
        home_page_url: string;
        feed_url: string;
        language: string;
        items: { id: string; url: string; title: string; content_html: string; date_published: string; date_modified: string; tags?: string[]; _announce?: { retracted: string; reason?: string } }[];
      };
      expect(atom.title).toBe("Stadt Beispielstadt: Meldungen");
      expect(json.version).toBe("https://jsonfeed.org/version/1.1");
      expect(json).toMatchObject({ title: "Stadt Beispielstadt: Meldungen", home_page_url: base, feed_url: `${base}feed.json`, language: "de" });
      const newestFirst = [...NOTICES].reverse();
      expect(atom.items.map((i) => i.url)).toEqual(newestFirst.map((id) => `${base}${id}/`));
      expect(json.items.map((i) => i.url)).toEqual(newestFirst.map((id) => `${base}${id}/`));
      for (const [i, id] of newestFirst.entries()) {
        const { before, after } = published.get(id)!;
        for (const date of [atom.items[i]!.published!, new Date(json.items[i]!.date_published)]) {
          expect(date >= new Date(before.getTime() - 1) && date <= after).toBe(true);
        }
      }
      const urgentTitle = atom.items.find((item) => item.url === `${base}wasserrohrbruch/`)!.title;
      expect(urgentTitle).toBe("Dringende Meldung: Wasserrohrbruch – Trinkwasser in Hörde abkochen");
      expect(json.items.find((item) => item.url === `${base}sommerfest/`)!.tags).toEqual(["Sommerfest", "Westfalenpark", "FamilienZeit"]);
      return { atom, json, reading };
    };
    check("before");

    const report = await deleteNotice({ notice: path.join(project.dir, "notices", "sommerfest.md"), config: project.config, env: {}, reason: "Das Fest fällt wegen Unwetters aus.", lock });
    expect(report.channels.map((c) => [c.channel, c.status])).toEqual([["web", "deleted"]]);

    const { atom, json } = check("after");
    const atomEntry = atom.items.find((item) => item.url === `${base}sommerfest/`)!;
    expect(atomEntry.title).toBe("Zurückgezogen: Sommerfest im Westfalenpark – das Programm");
    expect(atomEntry.content).toContain("Das Fest fällt wegen Unwetters aus.");
    expect(atomEntry.updated! > atomEntry.published!).toBe(true);
    const jsonEntry = json.items.find((item) => item.url === `${base}sommerfest/`)!;
    expect(jsonEntry.title).toBe("Zurückgezogen: Sommerfest im Westfalenpark – das Programm");
    expect(jsonEntry._announce).toEqual({ retracted: jsonEntry.date_modified, reason: "Das Fest fällt wegen Unwetters aus." });
    expect(jsonEntry.content_html).not.toContain("Hauptbühne");
  }, 180_000);

  it("the retraction page says what was retracted, when and why, and passes the same checks", async () => {
    const html = pageOf("sommerfest");
    expect(await validHtml(html)).toEqual([]);
    const { page, problems } = await openPage(browser, `${base}sommerfest/index.html`, { online: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    expect(await page.locator("h1").innerText()).toBe("Sommerfest im Westfalenpark – das Programm");
    const text = await page.locator("main").innerText();
    expect(text).toContain("Zurückgezogen");
    expect(text).toContain("Grund: Das Fest fällt wegen Unwetters aus.");
    expect(text).not.toContain("Jugendorchester");
    expect(await page.locator("img").count()).toBe(0);
    await page.context().close();
  }, 180_000);
});
