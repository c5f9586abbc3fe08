/**
 * A used-up publishing quota (Instagram content_publishing_limit, Threads threads_publishing_limit): that
 * channel fails with QUOTA_EXHAUSTED before any attempt, the others publish, `check` warns, and a re-run
 * whose posts are all out needs no quota.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphFake, ThreadsFake } from "../fakes/graph.js";
import { type StaticServer } from "../fakes/static-server.js";
import { runCli } from "../helpers/cli.js";
import { createFakesProject, type TestProject } from "../helpers/project.js";

const graph = new GraphFake({ pageId: "1234", pageToken: "fb-quota-token", igUserId: "1784", igToken: "ig-quota-token", quotaTotal: 3 });
const threads = new ThreadsFake({ userId: "1789", token: "th-quota-token", quotaTotal: 2 });
const env = { FB: "fb-quota-token", IG: "ig-quota-token", TH: "th-quota-token" };
let media: StaticServer;
let project: TestProject;

interface Report {
  channels: { channel: string; status: string; posts: unknown[]; error?: { code: string; message: string; hint?: string } }[];
}

beforeAll(async () => {
  await Promise.all([graph.start(), threads.start()]);
  ({ project, media } = await createFakesProject({ facebook: graph.url, instagram: graph.url, threads: threads.url }));
});
afterAll(() => Promise.all([graph.stop(), threads.stop(), media?.stop()]));

const notice = (tag: string) =>
  project.writeNotice(tag, { title: `Hinweis ${tag}`, images: [{ path: "images/karte.png", alt: "Stadtplan mit dem gesperrten Bereich der Innenstadt" }] }, `Meldung ${tag}.`);
const post = (file: string, ...args: string[]) => runCli(["post", file, "--config", project.config, "--json", ...args], { env, timeoutMs: 60_000 });

describe("a used-up publishing quota", () => {
  it("fails only that channel, before any attempt; the others publish; exit 1", async () => {
    graph.quotaUsage = 3;
    threads.quotaUsage = 2;
    const containersBefore = graph.requestsTo("POST", "/:id/media").length + threads.requestsTo("POST", "/:id/threads").length;
    const result = await post(notice("quota1"));
    expect(result.code, result.stderr + result.stdout).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    const by = (name: string) => report.channels.find((c) => c.channel === name)!;
    expect(by("fb").status).toBe("published");
    for (const name of ["ig", "th"]) {
      expect(by(name).status).toBe("failed");
      expect(by(name).error!.code).toBe("QUOTA_EXHAUSTED");
      expect(by(name).error!.message).toMatch(/publishing limit is used up: \d of \d posts per 24 h/);
      expect(by(name).error!.hint).toMatch(/again/);
    }
    // Nothing was even attempted on the channels without quota.
    expect(graph.requestsTo("POST", "/:id/media").length + threads.requestsTo("POST", "/:id/threads").length).toBe(containersBefore);
    expect(graph.pagePosts.filter((p) => p.message?.includes("quota1"))).toHaveLength(1);
  });

  it("--dry-run says so too, and `check` warns with the same sentence", async () => {
    graph.quotaUsage = 3;
    const dry = await post(notice("quota2"), "--dry-run");
    expect(dry.code).toBe(1);
    expect((JSON.parse(dry.stdout) as Report).channels.find((c) => c.channel === "ig")!.error!.code).toBe("QUOTA_EXHAUSTED");
    const check = await runCli(["check", "--config", project.config, "--json", "--channel", "ig"], { env });
    expect(check.code).toBe(0);
    const ig = JSON.parse(check.stdout).channels[0] as { ok: boolean; quota: { used: number; total: number }; warnings: string[] };
    expect(ig.ok).toBe(true);
    expect(ig.quota).toMatchObject({ used: 3, total: 3 });
    expect(ig.warnings.join(" ")).toMatch(/Instagram's publishing limit is used up: 3 of 3 posts per 24 h/);
  });

  it("a re-run of a notice that is out everywhere needs no quota", async () => {
    graph.quotaUsage = 0;
    threads.quotaUsage = 0;
    const file = notice("quota3");
    expect((await post(file)).code).toBe(0);
    graph.quotaUsage = 3;
    threads.quotaUsage = 2;
    const again = await post(file);
    expect(again.code, again.stdout).toBe(0);
    expect((JSON.parse(again.stdout) as Report).channels.map((c) => c.status)).toEqual(["published", "published", "published"]);
    expect(graph.igMedia.filter((m) => m.caption?.includes("quota3"))).toHaveLength(1);
  });
});
