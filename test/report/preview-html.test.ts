/**
 * The HTML preview (`announce preview NOTICE --html`), written by the built CLI for each shared fixture
 * notice and loaded in a real headless Chromium, offline: no console errors or failed requests, no axe-core
 * violations, valid HTML, and what a press officer decides on is there (alt texts, thread order, LinkedIn's
 * text as readers see it, skipped channels with their reason). Screenshots are kept in test-artifacts/.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { HtmlValidate } from "html-validate";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markText, planHtml } from "../../src/report/preview-html.js";
import { axeViolations, keepScreenshot, openBrowser, openPage } from "../helpers/browser.js";
import { projectRoot, runCli } from "../helpers/cli.js";
import { testConfig, testNotice } from "../helpers/plan-fixtures.js";
import { planNotice } from "../../src/plan/plan.js";
import { tempDir } from "../helpers/tmp.js";

const config = path.join(projectRoot, "test/fixtures/channels.yaml");
const noticeFile = (name: string) => path.join(projectRoot, "test/fixtures/notices", `${name}.md`);
const notices = ["bombenentschaerfung", "ratsbeschluss", "sommerfest", "stellenausschreibung", "wasserrohrbruch"];

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface PlanJson {
  channels: { channel: string; platform: string; status: string; reason?: string; posts: { text: string }[]; images: { alt: string }[] }[];
}

/** Runs `preview --html` and `preview --json` for a fixture notice: the page's file and the plan. */
async function preview(name: string): Promise<{ file: string; plan: PlanJson }> {
  const dir = tempDir();
  const file = path.join(dir, `${name}.html`);
  const run = await runCli(["preview", noticeFile(name), "--config", config, "--html", file, "--json"], { timeoutMs: 170_000 });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  const plan = JSON.parse(run.stdout) as PlanJson & { html: string };
  expect(plan.html).toBe(file);
  return { file, plan };
}

// long-title is a search-engine rule (titles cut in result lists); the page's title is the notice's own.
const validator = new HtmlValidate({ extends: ["html-validate:recommended"], rules: { "long-title": "off" } });

async function validHtml(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`));
}

const sectionOf = (page: Page, channel: string) => page.locator("section.channel", { has: page.locator("h2", { hasText: channel }) });

describe("announce preview --html, in a real browser", () => {
  for (const name of notices) {
    // Preparing a notice's images for six platforms, then axe on a long page: slow on a busy machine.
    it(`${name}: loads offline without errors, has no axe violations, is valid HTML and shows every channel`, { timeout: 180_000 }, async () => {
      const { file, plan } = await preview(name);
      expect(await validHtml(readFileSync(file, "utf8"))).toEqual([]);
      const { page, problems } = await openPage(browser, pathToFileURL(file).href);
      expect(problems).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
      await keepScreenshot(page, `preview-${name}`);

      for (const channel of plan.channels) {
        const section = sectionOf(page, channel.channel);
        await expect(section.count()).resolves.toBe(1);
        if (channel.status === "skipped") {
          expect(await section.innerText()).toContain(channel.reason!);
          continue;
        }
        // The posts in thread order, each numbered as the platform's thread will be.
        const posts = section.locator("article.post");
        expect(await posts.count()).toBe(channel.posts.length);
        for (let i = 0; i < channel.posts.length; i++) {
          const text = await posts.nth(i).locator(".text").innerText();
          if (channel.posts.length > 1) expect(text.trimEnd().endsWith(`${i + 1}/${channel.posts.length}`)).toBe(true);
        }
        // Every image's alt text is visible beside the image, which is there as the prepared image.
        for (const image of channel.images) {
          const caption = section.locator("figcaption", { hasText: image.alt }).first();
          expect(await caption.isVisible()).toBe(true);
          const img = section.locator(`img[alt="${image.alt.replace(/"/g, '\\"')}"]`).first();
          expect(await img.getAttribute("src")).toMatch(/^data:image\/(jpeg|png|webp);base64,/);
          expect(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
        }
      }
    });
  }

  it("shows LinkedIn's text as readers see it, links, hashtags and mentions marked, and the thread's parts in order", { timeout: 180_000 }, async () => {
    const { file, plan } = await preview("stellenausschreibung");
    const { page } = await openPage(browser, pathToFileURL(file).href);
    const linkedin = sectionOf(page, "stadt-linkedin");
    const sent = plan.channels.find((c) => c.channel === "stadt-linkedin")!.posts[0]!.text;
    expect(sent).toContain("\\(m/w/d\\)"); // what is sent is escaped …
    const shown = await linkedin.locator(".text").innerText();
    expect(shown).toContain("Leitung (m/w/d)"); // … what readers see is not
    expect(shown).toContain("@personalamt");
    expect(shown).not.toContain("\\");
    expect(await linkedin.locator(".text .mention").allInnerTexts()).toEqual(["@personalamt"]);
    expect(await linkedin.locator(".text .tag").allInnerTexts()).toContain("#Verwaltung");

    const mastodon = sectionOf(page, "stadt-mastodon").locator("article.post");
    expect(await mastodon.count()).toBe(2);
    expect(await mastodon.nth(0).getAttribute("aria-label")).toBe("stadt-mastodon: Post 1 of 2");
    expect(await mastodon.nth(0).locator(".text").innerText()).toContain("Ihre Aufgaben:");
    expect(await mastodon.nth(1).locator(".text").innerText()).toContain("Bewerbungen bis 15. Januar");
    expect(await mastodon.nth(1).locator(".text a").first().getAttribute("href")).toBe("https://karriere.example-stadt.de/stellen/2026_114_(Digitalamt)");

    // Bluesky: the links are its facets, the text shows what the app shows.
    const bluesky = sectionOf(page, "stadt-bluesky");
    expect(await bluesky.locator(".text a").first().getAttribute("href")).toMatch(/^https:\/\/karriere\.example-stadt\.de\//);
  });

  it("escapes what the notice says and is valid HTML whatever it says", async () => {
    const plan = planNotice(
      testNotice('Ein <script>alert("x")</script> & "Zitat" mit <b>Tags</b> und https://a.example/?q=<x>&y=1', { title: "<img src=x onerror=alert(1)> Titel & Co." }),
      testConfig([{ name: "m", platform: "mastodon", settings: { instance: "https://m.example", access_token: "${T}", visibility: "public" } }]),
    );
    const html = planHtml(plan);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; Titel &amp; Co.");
    expect(html).toContain("The HTML &quot;&lt;script&gt;&quot; is not carried over");
    expect(await validHtml(html)).toEqual([]);
  });

  it("marks links, hashtags and mentions as each platform shows them", () => {
    const text = "Fragen an @personalamt oder karriere@example-stadt.de, #Verwaltung: https://a.example/x";
    const html = markText(text, "mastodon");
    expect(html).toContain('<span class="mention">@personalamt</span>');
    expect(html).not.toContain('<span class="mention">@example-stadt.de'); // an e-mail address is no mention
    expect(html).toContain('<span class="tag">#Verwaltung</span>');
    expect(html).toContain('<a href="https://a.example/x">https://a.example/x</a>');
    // Instagram captions have no clickable links.
    expect(markText(text, "instagram")).not.toContain("<a ");
    // Bluesky: the link is the facet over the words the post shows.
    const bluesky = "Mehr auf der Seite der Stadt";
    const start = Buffer.byteLength("Mehr auf ");
    expect(markText(bluesky, "bluesky", [{ byteStart: start, byteEnd: Buffer.byteLength(bluesky), kind: "link", value: "https://a.example/seite" }])).toBe(
      'Mehr auf <a href="https://a.example/seite">der Seite der Stadt</a>',
    );
  });

  it("shows a Mastodon content warning above the text", () => {
    const plan = planNotice(
      testNotice("Die Hauptstraße ist gesperrt.", { contentWarning: "Unfall mit Verletzten" }),
      testConfig([{ name: "m", platform: "mastodon", settings: { instance: "https://m.example", access_token: "${T}", visibility: "public" } }]),
    );
    expect(planHtml(plan)).toContain('<p class="cw"><strong>Content warning:</strong> <span lang="de">Unfall mit Verletzten</span></p>');
  });
});
