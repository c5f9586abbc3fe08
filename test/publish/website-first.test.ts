/**
 * The website as the canonical outlet, in one `post` run to website + Instagram + Threads + Mastodon: the
 * page is written first, every social post links to it (the notice has no `link` of its own), Instagram and
 * Threads fetch their images from the website's media folder (the one media host, served here by a static
 * server), and the page then lists the copies. What arrived is read back from the servers: snac2 for
 * Mastodon, the Graph and Threads fakes, and the static server's request log.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GraphFake, ThreadsFake } from "../fakes/graph.js";
import { startStaticServer, type StaticServer } from "../fakes/static-server.js";
import { channels, instagramChannel, threadsChannel, websiteChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, LOCAL_HOSTS, type TestProject } from "../helpers/project.js";
import { realAccounts, type RealAccounts } from "../helpers/real-servers.js";
import { readSnacStatuses } from "../setup/accounts.js";

const SECRETS = { FB: "SECRET-website-fb-aa11", IG: "SECRET-website-ig-bb22", TH: "SECRET-website-th-cc33" };
const TITLE = "Vollsperrung der Kanalbrücke ab Montag";

describe("post to website, Instagram, Threads and Mastodon", () => {
  const graph = new GraphFake({ pageId: "1234", pageToken: SECRETS.FB, igUserId: "1784", igToken: SECRETS.IG, pollsBeforeFinished: 1 });
  const threads = new ThreadsFake({ userId: "1789", token: SECRETS.TH, pollsBeforeFinished: 1 });
  let site: StaticServer;
  let project: TestProject;
  let real: RealAccounts;
  let env: Record<string, string>;
  let notice: string;
  let base: string;

  beforeAll(async () => {
    await Promise.all([graph.start(), threads.start()]);
    real = await realAccounts({ snac: inject("snac"), snacUser: "judy" });
    project = await createProject(channels({}));
    site = await startStaticServer(path.join(project.dir, "public"));
    base = `${site.url}/`;
    // No media: and no media_* keys: Instagram and Threads use the website's media folder.
    writeFileSync(
      project.config,
      channels(
        {
          web: websiteChannel({ dir: "./public", base_url: base }),
          m: real.mastodon(),
          ig: instagramChannel({ ig_user_id: "1784", access_token: "${IG}", api_url: graph.url }),
          th: threadsChannel({ user_id: "1789", access_token: "${TH}", api_url: threads.url }),
        },
        { defaults: { lang: "de" }, allow_hosts: LOCAL_HOSTS },
      ),
    );
    env = { ...real.env, IG: SECRETS.IG, TH: SECRETS.TH };
    notice = project.writeNotice(
      "kanalbruecke",
      { title: TITLE, hashtags: ["Verkehr"], images: [{ path: "images/karte.png", alt: "Karte der Umleitung über die Hafenstraße" }] },
      "Die Kanalbrücke ist von Montag an für zwei Wochen gesperrt. Die Umleitung führt über die Hafenstraße.",
    );
  }, 180_000);
  afterAll(async () => {
    await Promise.all([graph.stop(), threads.stop(), site?.stop()]);
  });

  it("writes the page first, links every post to it, serves the images from the website and lists the copies", async () => {
    const result = await runCli(["post", notice, "--config", project.config, "--json"], { env, timeoutMs: 120_000 });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { channels: { channel: string; status: string; posts: { url?: string }[] }[] };
    const page = `${base}kanalbruecke/`;
    expect(report.channels.map((c) => [c.channel, c.status])).toEqual([
      ["web", "published"],
      ["m", "published"],
      ["ig", "published"],
      ["th", "published"],
    ]);
    expect(report.channels[0]!.posts[0]!.url).toBe(page);

    // The page was out before any other channel began: the ledger's order.
    const ledger = readFileSync(path.join(project.stateDir, "ledger", "kanalbruecke.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { channel: string; type: string });
    const webPublished = ledger.findIndex((r) => r.channel === "web" && r.type === "published");
    const firstOther = ledger.findIndex((r) => r.channel !== "web" && r.type === "intent");
    expect(webPublished).toBeGreaterThanOrEqual(0);
    expect(webPublished).toBeLessThan(firstOther);

    // Every social post links to the page: what snac2 and the Threads fake hold.
    const statuses = (await readSnacStatuses(real.snac.url, real.snac.token)).filter((s) => (s.text ?? s.content).includes(TITLE));
    expect(statuses).toHaveLength(1);
    expect(statuses[0]!.text ?? statuses[0]!.content).toContain(page);
    const threadsPost = threads.threadsPosts.find((p) => p.text?.includes(TITLE))!;
    expect(threadsPost.text).toContain(page);
    // Instagram captions cannot link: the caption says where the link is, and names no other page.
    const igPost = graph.igMedia.find((m) => m.caption?.includes(TITLE))!;
    expect(igPost.caption).toContain("Den Link zur Meldung finden Sie in unserem Profil.");
    expect(igPost.caption).not.toMatch(/https?:\/\//);

    // Instagram and Threads fetched their images from the website's media URL, which served them.
    expect(igPost.imageUrl!.startsWith(`${base}media/`)).toBe(true);
    expect(threadsPost.imageUrl!.startsWith(`${base}media/`)).toBe(true);
    for (const url of [igPost.imageUrl!, threadsPost.imageUrl!]) {
      const served = site.requests.filter((r) => r.path === new URL(url).pathname && r.method === "GET");
      expect(served.some((r) => r.status === 200), url).toBe(true);
    }
    expect(igPost.imageBytes!.subarray(0, 2).toString("hex")).toBe("ffd8"); // the JPEG prepared for Instagram

    // The page lists the copies, with the addresses the platforms gave.
    const html = readFileSync(path.join(project.dir, "public", "kanalbruecke", "index.html"), "utf8");
    const copies = [...html.matchAll(/<a class="u-syndication" href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[2], m[1]]);
    expect(copies).toEqual([
      ["Mastodon", report.channels[1]!.posts[0]!.url],
      ["Instagram", igPost.permalink],
      ["Threads", threadsPost.permalink],
    ]);
    expect(html).toContain("Diese Meldung auch auf: ");
    for (const secret of Object.values(env)) expect(result.stdout + result.stderr + html).not.toContain(secret);
  }, 180_000);

  it("a re-run posts nothing again and keeps the page's list", async () => {
    const before = { m: (await readSnacStatuses(real.snac.url, real.snac.token)).length, ig: graph.igMedia.length, th: threads.threadsPosts.length };
    const html = readFileSync(path.join(project.dir, "public", "kanalbruecke", "index.html"), "utf8");
    const result = await runCli(["post", notice, "--config", project.config, "--json"], { env, timeoutMs: 120_000 });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect({ m: (await readSnacStatuses(real.snac.url, real.snac.token)).length, ig: graph.igMedia.length, th: threads.threadsPosts.length }).toEqual(before);
    expect(readFileSync(path.join(project.dir, "public", "kanalbruecke", "index.html"), "utf8")).toBe(html);
  }, 180_000);
});
