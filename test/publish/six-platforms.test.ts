/**
 * The shared notices, published on all six platforms in one `post` run each: the real Bluesky PDS and
 * snac2, and the Graph (Facebook, Instagram), Threads and LinkedIn fakes, which fetch the images from a
 * local static server the way Meta does. The report lists every URL; the servers hold every post.
 */
import { cpSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli, projectRoot } from "../helpers/cli.js";
import type { TestProject } from "../helpers/project.js";
import { SixPlatforms } from "../helpers/six-platforms.js";
import { readBlueskyPosts, readSnacStatuses, type BlueskyAccount } from "../setup/accounts.js";

const SECRETS = { FB: "SECRET-fb-page-token-aa11", IG: "SECRET-ig-token-bb22", TH: "SECRET-threads-token-cc33", LI: "SECRET-linkedin-token-dd44" };
const NOTICES = ["bombenentschaerfung", "ratsbeschluss", "sommerfest", "stellenausschreibung", "wasserrohrbruch"];

describe("the shared notices on all six platforms", () => {
  const six = new SixPlatforms(SECRETS, { pollsBeforeFinished: 2 });
  const { graph, threads, linkedin } = six;
  let project: TestProject;
  let account: BlueskyAccount;
  let env: Record<string, string>;
  const snac = inject("snac");
  let snacToken: string;

  beforeAll(async () => {
    await six.start({ snac, pds: inject("pds"), snacUser: "dave", blueskyAccount: "six" });
    ({ project, env } = six);
    ({ account, snac: { token: snacToken } } = six.real);
    cpSync(path.join(projectRoot, "test/fixtures/notices"), path.join(project.dir, "notices"), { recursive: true });
  });
  afterAll(() => six.stop());

  it("publishes every shared notice everywhere it belongs, and the report lists every URL", async () => {
    const reports: Record<string, { channels: { channel: string; status: string; reason?: string; posts: { url?: string }[] }[] }> = {};
    for (const name of NOTICES) {
      const result = await runCli(["post", path.join(project.dir, "notices", `${name}.md`), "--config", project.config, "--json"], { env, timeoutMs: 120_000 });
      expect(result.stderr, name).not.toContain("internal error");
      expect(result.code, `${name}: ${result.stdout}`).toBe(0);
      reports[name] = JSON.parse(result.stdout);
      for (const channel of reports[name]!.channels) {
        if (channel.status === "skipped") continue;
        expect(channel.status, `${name} ${channel.channel}`).toBe("published");
        for (const post of channel.posts) expect(post.url, `${name} ${channel.channel}`).toMatch(/^https?:\/\//);
      }
      for (const secret of Object.values(SECRETS)) expect(result.stdout + result.stderr).not.toContain(secret);
    }
    // Instagram needs an image: skipped for notices without one, published with padding-fitted JPEGs otherwise.
    expect(reports.ratsbeschluss!.channels.find((c) => c.channel === "stadt-instagram")!.status).toBe("skipped");
    // stellenausschreibung names its channels: no Instagram, no Threads.
    expect(reports.stellenausschreibung!.channels.map((c) => c.channel)).toEqual(["stadt-mastodon", "stadt-bluesky", "stadt-facebook", "stadt-linkedin"]);

    // What the servers hold.
    const withImages = ["bombenentschaerfung", "sommerfest"];
    expect(graph.igMedia).toHaveLength(withImages.length);
    const carousel = graph.igMedia.find((m) => m.mediaType === "CAROUSEL_ALBUM")!;
    expect(carousel.children).toHaveLength(3);
    expect(carousel.children.map((c) => c.altText)).toEqual([
      "Die Hauptbühne im Westfalenpark am Abend, davor eine Wiese mit Picknickdecken.",
      "Kinder bemalen an einem langen Holztisch bunte Stofftaschen.",
      "Lageplan des Parks mit den drei Eingängen, der Straßenbahnhaltestelle und den Fahrradständern.",
    ]);
    for (const child of carousel.children) expect(child.imageBytes!.subarray(0, 2).toString("hex")).toBe("ffd8"); // JPEG
    expect(graph.pagePosts.filter((p) => p.published && !p.deleted)).toHaveLength(NOTICES.length);
    const fbRat = graph.pagePosts.find((p) => p.message?.includes("Rat beschließt"))!;
    expect(fbRat.link).toBe("https://www.example-stadt.de/rat/2026-02-13-beschluss-x");
    expect(graph.photos.some((p) => p.altTextCustom?.startsWith("Stadtplan der Innenstadt"))).toBe(true);

    expect(linkedin.livePosts).toHaveLength(NOTICES.length);
    for (const post of linkedin.livePosts) expect(post.truncated, post.visibleText.slice(0, 60)).toBe(false);
    const job = linkedin.livePosts.find((p) => p.visibleText.includes("Amtsleitung"))!;
    expect(job.visibleText).toContain("[Entgeltgruppe 15 TVöD | Vollzeit, teilbar]");
    expect(job.visibleText).toContain("karriere_digital@example-stadt.de");

    const threadsNotices = NOTICES.filter((n) => n !== "stellenausschreibung");
    const roots = threads.threadsPosts.filter((p) => !p.deleted && !p.replyToId);
    expect(roots).toHaveLength(threadsNotices.length);
    for (const post of threads.threadsPosts) expect([...post.text ?? ""].length).toBeLessThanOrEqual(500);

    expect((await readBlueskyPosts(inject("pds").url, account.did)).length).toBeGreaterThanOrEqual(NOTICES.length);
    expect((await readSnacStatuses(snac.url, snacToken)).length).toBeGreaterThanOrEqual(NOTICES.length);
  });

  it("deletes everywhere, and reports Instagram as a manual step with its permalink", async () => {
    const result = await runCli(["delete", path.join(project.dir, "notices", "sommerfest.md"), "--config", project.config, "--json"], { env, timeoutMs: 120_000 });
    const report = JSON.parse(result.stdout);
    const instagram = report.channels.find((c: { channel: string }) => c.channel === "stadt-instagram");
    expect(instagram.status).toBe("manual");
    expect(instagram.posts[0].url).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
    for (const c of report.channels.filter((x: { channel: string }) => x.channel !== "stadt-instagram")) expect(c.status, c.channel).toBe("deleted");
    expect(graph.pagePosts.find((p) => p.message?.includes("Sommerfest"))!.deleted).toBe(true);
    expect(linkedin.posts.find((p) => p.visibleText.includes("Sommerfest"))!.deleted).toBe(true);
    expect(threads.threadsPosts.filter((p) => p.text?.includes("Sommerfest")).every((p) => p.deleted)).toBe(true);
    for (const secret of Object.values(env)) expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it("writes no token or app password into any file (ledger, audit log, media, state)", () => {
    const written = project.writtenFiles();
    expect(written.some((f) => f.file.includes("ledger"))).toBe(true);
    // Bluesky's session file holds its own session tokens by design (mode 0600, never committed), but
    // neither the app password nor any configured token.
    for (const { file, content } of written) for (const secret of Object.values(env)) expect(content.includes(secret), file).toBe(false);
  });
});
