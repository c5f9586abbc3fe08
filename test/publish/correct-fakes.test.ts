/**
 * `announce correct` on the Meta and LinkedIn fakes (which follow the documented APIs and keep every edit):
 * the Facebook post's message edited in place, the LinkedIn commentary updated in little text, and
 * Instagram, which can neither edit nor delete through its API, corrected by its policy; and `correct`
 * killed at each of its ledger writes on Facebook and LinkedIn, then run again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphFake } from "../fakes/graph.js";
import { LinkedInFake } from "../fakes/linkedin.js";
import { type StaticServer } from "../fakes/static-server.js";
import { runCli } from "../helpers/cli.js";
import { createFakesProject, type TestProject } from "../helpers/project.js";

const env = { FB: "fb-token-corr", IG: "ig-token-corr", LI: "li-token-corr" };
const graph = new GraphFake({ pageId: "1234", pageToken: env.FB, igUserId: "1784", igToken: env.IG });
const linkedin = new LinkedInFake({ token: env.LI, organization: "urn:li:organization:123" });
let media: StaticServer;
let project: TestProject;

beforeAll(async () => {
  await Promise.all([graph.start(), linkedin.start()]);
  ({ project, media } = await createFakesProject({ facebook: graph.url, instagram: graph.url, linkedin: linkedin.url }));
});
afterAll(async () => {
  await Promise.all([graph.stop(), linkedin.stop(), media?.stop()]);
});

const IMAGE = { path: "images/karte.png", alt: "Stadtplan mit dem Sperrgebiet rund um die Kampstraße" };
const run = (...args: string[]) => runCli([...args, "--config", project.config, "--json"], { env, timeoutMs: 120_000 });

interface Json {
  ok: boolean;
  channels: { channel: string; status: string; how?: string; version?: number; removed: { id: string }[]; error?: { code: string } }[];
}

describe("announce correct on Facebook, LinkedIn and Instagram", () => {
  it("edits the Facebook message and the LinkedIn commentary in place; Instagram gets a correction post", async () => {
    const tag = "korrmeta";
    const text = (people: string) => `Meldung ${tag}: ${people} Menschen (Innenstadt) werden evakuiert. #StadtInfo`;
    const file = project.writeNotice(tag, { title: "Bombenentschärfung", images: [IMAGE] }, text("9.800"));
    const posted = await run("post", file);
    expect(posted.code, posted.stdout + posted.stderr).toBe(0);
    const fbPost = graph.livePosts().find((p) => p.message?.includes(tag))!;
    const liPost = linkedin.livePosts.find((p) => p.visibleText.includes(tag))!;
    expect(graph.igMedia.filter((m) => m.caption?.includes(tag))).toHaveLength(1);

    project.writeNotice(tag, { title: "Bombenentschärfung", images: [IMAGE] }, text("9.900"));
    const corrected = await run("correct", file);
    expect(corrected.code, corrected.stdout + corrected.stderr).toBe(0);
    const report = JSON.parse(corrected.stdout) as Json;
    expect(report.channels.map((c) => [c.channel, c.status, c.how])).toEqual([
      ["fb", "corrected", "edit"],
      ["ig", "corrected", "reply"],
      ["li", "corrected", "edit"],
    ]);

    // Facebook: the same post, its message edited once, the photo still attached.
    const fbAfter = graph.livePosts().filter((p) => p.message?.includes(tag));
    expect(fbAfter.map((p) => p.id)).toEqual([fbPost.id]);
    expect(fbAfter[0]!.message).toContain("9.900");
    expect(fbAfter[0]!.edits).toHaveLength(1);
    expect(fbAfter[0]!.edits![0]!.previous).toContain("9.800");
    expect(fbAfter[0]!.photoId).toBe(fbPost.photoId);

    // LinkedIn: the same post, its commentary replaced in little text (escaped: nothing cut, the hashtag real).
    const liAfter = linkedin.livePosts.filter((p) => p.visibleText.includes(tag));
    expect(liAfter.map((p) => p.urn)).toEqual([liPost.urn]);
    expect(liAfter[0]!.edited).toBe(true);
    expect(liAfter[0]!.truncated).toBe(false);
    expect(liAfter[0]!.visibleText).toContain("9.900 Menschen (Innenstadt) werden evakuiert.");
    expect(liAfter[0]!.body).toContain("\\(Innenstadt\\)");
    expect(liAfter[0]!.hashtags).toContain("StadtInfo");
    expect(liAfter[0]!.entity.content).toEqual(liPost.entity.content);

    // Instagram can neither edit nor delete: a new post says the correction; the old one stays.
    const ig = graph.igMedia.filter((m) => m.caption?.includes(tag));
    expect(ig).toHaveLength(2);
    expect(ig[1]!.caption!.startsWith("Korrektur: Bombenentschärfung")).toBe(true);
    expect(ig[1]!.caption).toContain("9.900");

    // Running it again changes nothing anywhere.
    const again = await run("correct", file);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as Json).channels.map((c) => c.status)).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(graph.livePosts().find((p) => p.id === fbPost.id)!.edits).toHaveLength(1);
    expect(graph.igMedia.filter((m) => m.caption?.includes(tag))).toHaveLength(2);
    expect(linkedin.requests.filter((r) => r.method === "POST" && r.path.startsWith("/rest/posts/")).length).toBe(1);
  });
});

describe("Instagram: what only a person can delete", () => {
  it("delete is a manual step (ok: false) until a person confirms it with --confirm-manual", async () => {
    const tag = "korrighand";
    const file = project.writeNotice(tag, { title: "Sommerfest", images: [IMAGE] }, `Meldung ${tag}: Das Sommerfest fällt aus.`);
    expect((await run("post", file, "--channel", "ig")).code).toBe(0);
    const removed = await run("delete", file, "--channel", "ig");
    expect(removed.code).toBe(1);
    expect(JSON.parse(removed.stdout)).toMatchObject({ ok: false, channels: [{ channel: "ig", status: "manual" }] });
    const confirmedNothing = await run("delete", file, "--confirm-manual", "fb");
    expect(confirmedNothing.code).toBe(2);
    expect(confirmedNothing.stdout).toContain("NO_MANUAL_STEP");

    const confirmed = await run("delete", file, "--confirm-manual", "ig");
    expect(confirmed.code, confirmed.stdout + confirmed.stderr).toBe(0);
    expect(JSON.parse(confirmed.stdout)).toMatchObject({ ok: true, channels: [{ channel: "ig", status: "deleted" }] });
    const status = JSON.parse((await run("status", file)).stdout) as { channels: { channel: string; status: string }[] };
    expect(status.channels.find((c) => c.channel === "ig")!.status).toBe("deleted");
    const again = await run("delete", file, "--channel", "ig");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true });
  });

  it("the replace policy posts the corrected version and leaves the old post to a person", async () => {
    const replacing = await createFakesProject({ instagram: graph.url }, { ig: { corrections: "replace" } });
    try {
      const tag = "korrigrepl";
      const runHere = (...args: string[]) => runCli([...args, "--config", replacing.project.config, "--json"], { env, timeoutMs: 120_000 });
      const file = replacing.project.writeNotice(tag, { title: "Sperrung", images: [IMAGE] }, `Meldung ${tag}: ab 8 Uhr gesperrt.`);
      expect((await runHere("post", file)).code).toBe(0);
      const old = graph.igMedia.find((m) => m.caption?.includes(tag))!;
      replacing.project.writeNotice(tag, { title: "Sperrung", images: [IMAGE] }, `Meldung ${tag}: ab 9 Uhr gesperrt.`);
      const corrected = await runHere("correct", file);
      expect(corrected.code).toBe(1);
      const report = JSON.parse(corrected.stdout) as Json;
      expect(report).toMatchObject({ ok: false, channels: [{ channel: "ig", status: "manual", how: "replace", version: 2, removed: [{ id: old.id }] }] });
      const posts = graph.igMedia.filter((m) => m.caption?.includes(tag));
      expect(posts).toHaveLength(2);
      expect(posts[1]!.caption).toContain("ab 9 Uhr");
      expect(posts[1]!.caption).not.toContain("Korrektur");

      const confirmed = await runHere("delete", file, "--confirm-manual", "ig");
      expect(confirmed.code, confirmed.stdout).toBe(0);
      const again = await runHere("correct", file);
      expect(again.code, again.stdout).toBe(0);
      expect((JSON.parse(again.stdout) as Json).channels[0]).toMatchObject({ status: "unchanged", version: 2 });
      const status = JSON.parse((await runHere("status", file)).stdout) as { channels: { status: string; version: number; posts: { id: string }[] }[] };
      expect(status.channels[0]).toMatchObject({ status: "published", version: 2, posts: [{ id: posts[1]!.id }] });
      expect(graph.igMedia.filter((m) => m.caption?.includes(tag))).toHaveLength(2);
    } finally {
      await replacing.media.stop();
    }
  });
});

describe("announce correct passes the gates of post", () => {
  it("while paused only an urgent notice is corrected; --dry-run changes nothing; people read what happened", async () => {
    const tag = "korrpause";
    const file = project.writeNotice(tag, { title: "Hinweis" }, `Meldung ${tag}: Bürgerbüro ab 8 Uhr geöffnet.`);
    expect((await run("post", file, "--channel", "fb")).code).toBe(0);
    const post = () => graph.livePosts().find((p) => p.message?.includes(tag))!;
    project.writeNotice(tag, { title: "Hinweis" }, `Meldung ${tag}: Bürgerbüro ab 9 Uhr geöffnet.`);

    const dry = await runCli(["correct", file, "--channel", "fb", "--dry-run", "--config", project.config], { env });
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(dry.stdout).toContain("Dry run: correction of Hinweis");
    expect(dry.stdout).toMatch(/fb .*planned.*edited in place/);
    expect(dry.stdout).toContain("- Meldung korrpause: Bürgerbüro ab 8 Uhr geöffnet.");
    expect(dry.stdout).toContain("+ Meldung korrpause: Bürgerbüro ab 9 Uhr geöffnet.");
    expect(post().message).toContain("ab 8 Uhr");

    expect((await runCli(["pause", "--reason", "Trauertag", "--config", project.config], { env })).code).toBe(0);
    try {
      const paused = await run("correct", file, "--channel", "fb");
      expect(paused.code).toBe(2);
      expect(paused.stdout).toContain("PUBLISHING_PAUSED");
      expect(post().message).toContain("ab 8 Uhr");

      project.writeNotice(tag, { title: "Hinweis", urgent: true }, `Meldung ${tag}: Bürgerbüro ab 9 Uhr geöffnet.`);
      const urgent = await runCli(["correct", file, "--channel", "fb", "--config", project.config], { env });
      expect(urgent.code, urgent.stdout + urgent.stderr).toBe(0);
      expect(urgent.stdout).toContain("Corrected: Hinweis");
      expect(urgent.stdout).toMatch(/fb .*corrected.*edited in place, version 2/);
      expect(post().message).toContain("ab 9 Uhr");
    } finally {
      await runCli(["resume", "--config", project.config], { env });
    }
  });
});

describe("announce correct killed at each step on Facebook and LinkedIn, then re-run", () => {
  // Writes: 1 correction, 2 edited.
  const cases = ["fb", "li"].flatMap((channel) => ["before:1", "after:1", "before:2", "after:2"].map((crash) => ({ channel, crash })));
  it.each(cases)("$channel killed at $crash: one post, edited in place, the ledger agreeing", async ({ channel, crash }) => {
    const tag = `kc${channel}${crash.replace(/\W/g, "")}`;
    const text = (hour: number) => `Meldung ${tag}: Sperrung (Kampstraße) ab ${hour} Uhr.`;
    const file = project.writeNotice(tag, { title: "Sperrung" }, text(8));
    expect((await run("post", file, "--channel", channel)).code).toBe(0);
    project.writeNotice(tag, { title: "Sperrung" }, text(9));
    const killed = await runCli(["correct", file, "--channel", channel, "--config", project.config, "--json"], { env: { ...env, ANNOUNCE_TEST_CRASH: crash, ANNOUNCE_LOCK_STALE_MS: "2000" }, timeoutMs: 60_000 });
    expect(killed.signal, killed.stdout + killed.stderr).toBe("SIGKILL");
    const rerun = await runCli(["correct", file, "--channel", channel, "--config", project.config, "--json"], { env: { ...env, ANNOUNCE_LOCK_STALE_MS: "2000" }, timeoutMs: 60_000 });
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);

    const live = channel === "fb" ? graph.livePosts().filter((p) => p.message?.includes(tag)).map((p) => ({ id: p.id, text: p.message! })) : linkedin.livePosts.filter((p) => p.visibleText.includes(tag)).map((p) => ({ id: p.urn, text: p.visibleText }));
    expect(live).toHaveLength(1);
    expect(live[0]!.text).toContain("Sperrung (Kampstraße) ab 9 Uhr.");
    const status = JSON.parse((await run("status", file)).stdout) as { channels: { channel: string; status: string; version: number; posts: { id: string }[] }[] };
    expect(status.channels.find((c) => c.channel === channel)).toMatchObject({ status: "published", version: 2, posts: [{ id: live[0]!.id }] });
  });
});
