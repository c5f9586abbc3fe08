/**
 * The pipeline in-process: publishNotice and publishDue against Mastodon fakes, with a fast retry policy
 * and a clock of the test's choosing. What each test asserts is what arrived on the fake and what the
 * ledger holds, not only what the report says.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { publishDue } from "../../src/publish/due.js";
import { publishNotice, type PublishOptions } from "../../src/publish/pipeline.js";
import type { PublishEvent } from "../../src/publish/results.js";
import { platformById } from "../../src/platforms/index.js";
import { InvalidInputError } from "../../src/problems.js";
import type { RetryPolicy } from "../../src/retry.js";
import { channelState } from "../../src/state/channel-state.js";
import { Ledger } from "../../src/state/ledger.js";
import { GraphFake } from "../fakes/graph.js";
import { LinkedInFake } from "../fakes/linkedin.js";
import { MastodonFake } from "../fakes/mastodon.js";
import type { StaticServer } from "../fakes/static-server.js";
import { channels, mastodonChannel, type MastodonChannel as MastodonChannelEntry } from "../helpers/channels.js";
import { createFakesProject, createProject, threadText, type TestProject } from "../helpers/project.js";

const one = new MastodonFake({ token: "pipeline-token-one" });
const two = new MastodonFake({ token: "pipeline-token-two" });
const env = { ONE: "pipeline-token-one", TWO: "pipeline-token-two" };
/** Three attempts, a few milliseconds apart: the waits are the policy's, not the test's. */
const retry: RetryPolicy = { attempts: 3, baseMs: 1, maxBackoffMs: 4, maxWaitMs: 2000 };
const NOW = new Date("2030-03-01T10:00:00Z");
let project: TestProject;

/** A Mastodon channel on `fake` whose token is the variable `token`. */
const channel = (fake: MastodonFake, token: string, extra: { max_characters?: number } = {}) => mastodonChannel({ instance: fake.url, access_token: `\${${token}}`, ...extra });
const configure = (entries: Record<string, MastodonChannelEntry>) => writeFileSync(project.config, channels(entries, { defaults: { lang: "de" } }));
const publish = (file: string, extra: Partial<PublishOptions> = {}) =>
  publishNotice({ notice: file, config: project.config, env, retry, clock: () => NOW, lock: { waitMs: 2000, staleMs: 2000 }, ...extra });
/** Status creations that arrived on a fake with a text containing `tag`. */
const creations = (fake: MastodonFake, tag: string) => fake.requestsTo("POST", "/api/v1/statuses").filter((r) => r.body.toString().includes(tag));
const live = (fake: MastodonFake, tag: string) => fake.liveStatuses.filter((s) => s.text.includes(tag));
const records = async (id: string, channelName: string) => (await new Ledger(project.stateDir).channels(id)).get(channelName) ?? [];

beforeAll(async () => {
  await Promise.all([one.start(), two.start()]);
  project = await createProject(channels({}));
});
afterAll(() => Promise.all([one.stop(), two.stop()]));
beforeEach(() => configure({ m1: channel(one, "ONE") }));

describe("retries, as the policy says", () => {
  it("retries a 429 and publishes once: two requests arrived, one status", async () => {
    const file = project.writeNotice("rate", { title: "Rate" }, "Meldung pipe-rate.");
    one.fail429("/api/v1/statuses", { resetInMs: 0 });
    const events: PublishEvent[] = [];
    const report = await publish(file, { onEvent: (e) => events.push(e) });
    expect(report.channels).toMatchObject([{ channel: "m1", status: "published" }]);
    expect(creations(one, "pipe-rate")).toHaveLength(2);
    expect(live(one, "pipe-rate")).toHaveLength(1);
    expect(events.filter((e) => e.type === "retrying")).toMatchObject([{ channel: "m1", index: 0, attempt: 1, reason: "RATE_LIMITED" }]);
  });

  it("gives up after the policy's attempts: that many requests, the channel failed, the ledger says so", async () => {
    const file = project.writeNotice("rate-out", { title: "Rate" }, "Meldung pipe-rate-out.");
    one.fail429("/api/v1/statuses", { resetInMs: 0, times: retry.attempts });
    const report = await publish(file);
    expect(report.channels).toMatchObject([{ status: "failed", error: { code: "RATE_LIMITED", status: 429 } }]);
    expect(creations(one, "pipe-rate-out")).toHaveLength(retry.attempts);
    expect(live(one, "pipe-rate-out")).toHaveLength(0);
    expect(channelState(await records("rate-out", "m1"), { content: report.notice.content })).toMatchObject({ kind: "failed", failure: { code: "RATE_LIMITED", kind: "transient" } });
  });

  it("after a 500 on creation looks for the status first, then sends it again: one status", async () => {
    const file = project.writeNotice("server", { title: "Server" }, "Meldung pipe-server.");
    one.fail500("/api/v1/statuses");
    const before = one.requests.length;
    const report = await publish(file);
    expect(report.channels).toMatchObject([{ status: "published", posts: [{ index: 0 }] }]);
    const paths = one.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/\d+/g, "N")}`);
    const first = paths.indexOf("POST /api/vN/statuses");
    expect(paths.slice(first)).toEqual(expect.arrayContaining(["GET /api/vN/accounts/N/statuses"]));
    expect(paths.lastIndexOf("POST /api/vN/statuses")).toBeGreaterThan(paths.indexOf("GET /api/vN/accounts/N/statuses"));
    expect(creations(one, "pipe-server")).toHaveLength(2);
    expect(live(one, "pipe-server")).toHaveLength(1);
  });

  it("reconciles a dropped answer: exactly one status on the fake, recorded as found", async () => {
    const file = project.writeNotice("dropped", { title: "Dropped" }, "Meldung pipe-dropped.");
    one.dropAfterStore("/api/v1/statuses");
    const report = await publish(file);
    expect(report.channels[0]!.posts).toMatchObject([{ index: 0, reconciled: true }]);
    expect(creations(one, "pipe-dropped")).toHaveLength(1);
    expect(live(one, "pipe-dropped")).toHaveLength(1);
    const published = (await records("dropped", "m1")).filter((r) => r.type === "published");
    expect(published).toMatchObject([{ id: live(one, "pipe-dropped")[0]!.id, reconciled: true }]);
  });
});

describe("what the ledger says decides", () => {
  it("a notice edited after publishing is reported as changed; nothing is sent", async () => {
    const file = project.writeNotice("edit", { title: "Edit" }, "Meldung pipe-edit, erste Fassung.");
    expect((await publish(file)).channels[0]!.status).toBe("published");
    project.writeNotice("edit", { title: "Edit" }, "Meldung pipe-edit, zweite Fassung.");
    const again = await publish(file);
    expect(again.channels).toMatchObject([{ status: "changed", error: { code: "NOTICE_CHANGED" }, posts: [{ index: 0, earlier: true }] }]);
    expect(creations(one, "pipe-edit")).toHaveLength(1);
  });

  it("a thread that failed half-way is resumed: the posts that are out are kept, the failed one gets its key again", async () => {
    configure({ m1: channel(one, "ONE", { max_characters: 300 }) });
    const file = project.writeNotice("thread", { title: "Faden" }, threadText("pipethread"));
    // The first post goes through; the second is refused (422, a permanent failure).
    one.failNext("POST", "/api/v1/statuses", { kind: "delay", ms: 0 });
    one.failNext("POST", "/api/v1/statuses", { kind: "respond", response: { status: 422, body: { error: "Validation failed" } } });
    const first = await publish(file);
    expect(first.channels).toMatchObject([{ status: "failed", error: { code: "REJECTED" }, posts: [{ index: 0 }] }]);
    const total = first.plan.channels[0]!.posts.length;
    expect(total).toBeGreaterThanOrEqual(3);
    expect(live(one, "pipethread")).toHaveLength(1);
    const refusedKey = creations(one, "pipethread")[1]!.headers["idempotency-key"];

    const second = await publish(file);
    expect(second.channels[0]!.status).toBe("published");
    expect(second.channels[0]!.posts.map((p) => [p.index, p.earlier ?? false])).toEqual(Array.from({ length: total }, (_, i) => [i, i === 0]));
    const thread = live(one, "pipethread");
    expect(thread).toHaveLength(total);
    for (let i = 1; i < total; i++) expect(thread[i]!.inReplyToId).toBe(thread[i - 1]!.id);
    expect(thread[1]!.idempotencyKey).toBe(refusedKey);
    expect(channelState(await records("thread", "m1"), { content: second.notice.content, plan: { posts: total } }).kind).toBe("published");
  });
});

describe("a read-back that reaches its bound", () => {
  const busy = new MastodonFake({ token: "pipeline-token-busy" });
  beforeAll(() => busy.start());
  afterAll(() => busy.stop());

  it("fails the channel once with RECONCILE_INCOMPLETE: the listing is read back once, not once per retry, and the attempt stays open", async () => {
    configure({ m1: channel(busy, "BUSY") });
    const busyEnv = { BUSY: "pipeline-token-busy" };
    const file = project.writeNotice("busy", { title: "Busy" }, "Meldung pipe-busy.");
    // The status is stored, its answer lost; with one attempt the run ends there, the outcome unknown.
    busy.dropAfterStore("/api/v1/statuses");
    const first = await publish(file, { env: busyEnv, retry: { ...retry, attempts: 1 } });
    expect(first.channels).toMatchObject([{ status: "failed" }]);
    // Then more statuses than reconciliation reads back (25 pages of 40).
    const [stored] = busy.statuses;
    for (let i = 1; i <= 1001; i++) busy.statuses.push({ ...stored!, id: (BigInt(stored!.id) + BigInt(i)).toString(), text: `Andere Meldung ${i}`, idempotencyKey: undefined, createdAt: new Date().toISOString() });
    const listings = () => busy.requestsTo("GET", "/api/v1/accounts/:id/statuses").length;
    const before = listings();

    const second = await publish(file, { env: busyEnv });
    expect(second.channels).toMatchObject([{ status: "failed", error: { code: "RECONCILE_INCOMPLETE" } }]);
    expect(listings() - before).toBe(25);
    expect(creations(busy, "pipe-busy")).toHaveLength(1);
    expect(channelState(await records("busy", "m1"), { content: second.notice.content })).toMatchObject({ kind: "pending", failure: { code: "RECONCILE_INCOMPLETE", kind: "unknown" } });
  });
});

describe("Facebook and LinkedIn (Graph and LinkedIn fakes)", () => {
  const graph = new GraphFake({ pageId: "1234", pageToken: "pipeline-fb", igUserId: "1784", igToken: "pipeline-ig" });
  const linkedin = new LinkedInFake({ token: "pipeline-li", organization: "urn:li:organization:123" });
  const metaEnv = { FB: "pipeline-fb", IG: "pipeline-ig", LI: "pipeline-li" };
  let fakes: TestProject;
  let media: StaticServer;

  beforeAll(async () => {
    await Promise.all([graph.start(), linkedin.start()]);
    ({ project: fakes, media } = await createFakesProject({ facebook: graph.url, linkedin: linkedin.url }));
  });
  afterAll(() => Promise.all([graph.stop(), linkedin.stop(), media?.stop()]));

  it("a dropped answer on Facebook and a 500 on LinkedIn: each post exactly once, the lost one found", async () => {
    const file = fakes.writeNotice("meta", { title: "Meta" }, "Meldung pipe-meta für alle.");
    graph.dropAfterStore("/:id/feed");
    linkedin.fail500("/rest/posts");
    const [feedBefore, postsBefore] = [graph.requestsTo("POST", "/:version/:id/feed").length, linkedin.requestsTo("POST", "/rest/posts").length];
    const report = await publishNotice({ notice: file, config: fakes.config, env: metaEnv, retry, lock: { waitMs: 2000, staleMs: 2000 } });
    expect(report.channels).toMatchObject([
      { channel: "fb", status: "published", posts: [{ index: 0, reconciled: true }] },
      { channel: "li", status: "published", posts: [{ index: 0 }] },
    ]);
    expect(graph.pagePosts.filter((p) => p.published && !p.deleted && p.message?.includes("pipe-meta"))).toHaveLength(1);
    expect(graph.requestsTo("POST", "/:version/:id/feed").length - feedBefore).toBe(1);
    expect(linkedin.livePosts.filter((p) => p.visibleText.includes("pipe-meta"))).toHaveLength(1);
    // The 500 was an unknown outcome: looked for, not found, sent again.
    expect(linkedin.requestsTo("POST", "/rest/posts").length - postsBefore).toBe(2);
  });
});

describe("progress of uploads on Facebook and Instagram (Graph fake)", () => {
  const graph = new GraphFake({ pageId: "1234", pageToken: "pipeline-up-fb", igUserId: "1784", igToken: "pipeline-up-ig" });
  let fakes: TestProject;
  let media: StaticServer;

  beforeAll(async () => {
    await graph.start();
    ({ project: fakes, media } = await createFakesProject({ facebook: graph.url, instagram: graph.url }));
  });
  afterAll(() => Promise.all([graph.stop(), media?.stop()]));

  it("a Facebook photo's upload and an Instagram image's staging are told as `uploading` events", async () => {
    const file = fakes.writeNotice("upload", { title: "Bild", images: [{ path: "images/karte.png", alt: "Karte des Sperrgebiets in der Innenstadt" }] }, "Meldung pipe-upload mit Bild.");
    const events: PublishEvent[] = [];
    const report = await publishNotice({ notice: file, config: fakes.config, env: { FB: "pipeline-up-fb", IG: "pipeline-up-ig" }, retry, lock: { waitMs: 2000, staleMs: 2000 }, onEvent: (e) => events.push(e) });
    expect(report.channels).toMatchObject([
      { channel: "fb", status: "published" },
      { channel: "ig", status: "published" },
    ]);
    // What arrived: one photo post on the Page, one image fetched by Meta from the media host.
    expect(graph.photos.filter((p) => p.caption?.includes("pipe-upload"))).toHaveLength(1);
    expect(graph.igMedia.filter((m) => m.caption?.includes("pipe-upload") && m.imageBytes)).toHaveLength(1);
    const uploading = events.filter((e) => e.type === "uploading");
    expect(uploading.sort((a, b) => a.channel.localeCompare(b.channel))).toEqual([
      { type: "uploading", channel: "fb", index: 0, image: 0, images: 1 },
      { type: "uploading", channel: "ig", index: 0, image: 0, images: 1 },
    ]);
    // Each after its channel's `publishing` of that post and before its `channel-done`.
    for (const channel of ["fb", "ig"]) {
      const mine = events.filter((e) => "channel" in e && e.channel === channel).map((e) => e.type);
      expect(mine.indexOf("uploading")).toBeGreaterThan(mine.indexOf("publishing"));
      expect(mine.indexOf("uploading")).toBeLessThan(mine.indexOf("channel-done"));
    }
  });
});

describe("a bug is not a failure of the platform", () => {
  beforeEach(() => configure({ m1: channel(one, "ONE"), m2: channel(two, "TWO") }));

  it("a TypeError in one channel's client fails that channel alone, with the error in `bug`; the attempt stays open", async () => {
    const file = project.writeNotice("bug", { title: "Bug" }, "Meldung pipe-bug.");
    // A 200 whose body is `null`: the client reads the id of nothing.
    two.failNext("POST", "/api/v1/statuses", { kind: "respond", response: { status: 200, headers: { "content-type": "application/json" }, body: "null" } });
    const report = await publish(file);
    const [m1, m2] = report.channels;
    expect(m1).toMatchObject({ channel: "m1", status: "published" });
    expect(m2).toMatchObject({ channel: "m2", status: "failed", error: { code: "INTERNAL_ERROR" } });
    expect(m2!.bug).toBeInstanceOf(TypeError);
    expect((m2!.bug as Error).stack).toContain("client");
    expect(live(one, "pipe-bug")).toHaveLength(1);
    // Not retried as if it were an unknown outcome: one request arrived.
    expect(creations(two, "pipe-bug")).toHaveLength(1);
    const state = channelState(await records("bug", "m2"), { content: report.notice.content });
    expect(state).toMatchObject({ kind: "pending", failure: { code: "INTERNAL_ERROR", kind: "unknown" } });

    // The re-run looks for the post first, then publishes it with the same key.
    const again = await publish(file);
    expect(again.channels.map((c) => c.status)).toEqual(["published", "published"]);
    expect(live(two, "pipe-bug")).toHaveLength(1);
    expect(live(two, "pipe-bug")[0]!.idempotencyKey).toBe(creations(two, "pipe-bug")[0]!.headers["idempotency-key"]);
  });

  it("a platform whose publishing code fails to load fails its channel, not the run", async () => {
    const file = project.writeNotice("import", { title: "Import" }, "Meldung pipe-import.");
    const mastodon = platformById("mastodon");
    const load = mastodon.publisher!;
    let calls = 0;
    // The first channel's load fails (a missing module), the second's works.
    const spy = vi.spyOn(mastodon, "publisher").mockImplementation(() => (calls++ === 0 ? Promise.reject(new Error("Cannot find module 'masto'")) : load()));
    try {
      const report = await publish(file);
      expect(report.channels).toMatchObject([
        { channel: "m1", status: "failed", error: { code: "INTERNAL_ERROR" } },
        { channel: "m2", status: "published" },
      ]);
      expect((report.channels[0]!.bug as Error).message).toContain("Cannot find module");
      expect(live(one, "pipe-import")).toHaveLength(0);
      expect(live(two, "pipe-import")).toHaveLength(1);
      expect(channelState(await records("import", "m1"), { content: report.notice.content })).toMatchObject({ kind: "failed", failure: { code: "INTERNAL_ERROR" } });
    } finally {
      spy.mockRestore();
    }
  });
});

describe("the run's clock", () => {
  it("holds back a notice until its publish_at, by the clock given", async () => {
    const file = project.writeNotice("later", { title: "Später", publish_at: "2030-03-01T10:30:00Z" }, "Meldung pipe-later.");
    const early = await publish(file).catch((error: unknown) => error);
    expect(early).toBeInstanceOf(InvalidInputError);
    expect((early as InvalidInputError).problems).toMatchObject([{ code: "NOTICE_NOT_DUE" }]);
    expect(creations(one, "pipe-later")).toHaveLength(0);
    const onTime = await publish(file, { clock: () => new Date("2030-03-01T10:31:00Z") });
    expect(onTime.channels[0]!.status).toBe("published");
    expect(live(one, "pipe-later")).toHaveLength(1);
  });
});

describe("due", () => {
  it("publishes urgent notices first, then by time, and leaves later ones for later", async () => {
    const dir = path.join(project.dir, "due-order");
    mkdirSync(dir);
    const write = (name: string, publishAt: string, urgent = false) =>
      writeFileSync(path.join(dir, `${name}.md`), `---\ntitle: ${name}\npublish_at: "${publishAt}"\n${urgent ? "urgent: true\n" : ""}---\nMeldung pipe-due-${name}.\n`);
    write("a-spaet", "2030-03-01T09:00:00Z");
    write("b-dringend", "2030-03-01T09:30:00Z", true);
    write("c-frueh", "2030-03-01T07:00:00Z");
    write("d-morgen", "2030-03-02T07:00:00Z");
    const report = await publishDue({ dir, config: project.config, env, now: NOW });
    expect(report.notices.map((n) => [n.id, n.status])).toEqual([
      ["b-dringend", "published"],
      ["c-frueh", "published"],
      ["a-spaet", "published"],
    ]);
    expect(report.scheduled).toBe(1);
    // The order in which the statuses arrived on the fake.
    expect(one.liveStatuses.filter((s) => s.text.includes("pipe-due-")).map((s) => /pipe-due-([\w-]+)/.exec(s.text)![1])).toEqual(["b-dringend", "c-frueh", "a-spaet"]);
    const again = await publishDue({ dir, config: project.config, env, now: NOW });
    expect(again).toMatchObject({ alreadyPublished: 3, scheduled: 1, notices: [] });
  });

  it("finishes a thread that is partly out, and leaves one that is out or was edited since alone", async () => {
    configure({ m1: channel(one, "ONE", { max_characters: 300 }) });
    const dir = path.join(project.dir, "due-partial");
    mkdirSync(dir);
    const write = (name: string, body: string) => writeFileSync(path.join(dir, `${name}.md`), `---\ntitle: ${name}\n---\n${body}\n`);
    write("halb", threadText("pipeduehalb"));
    write("ganz", "Meldung pipe-due-ganz.");
    write("anders", threadText("pipedueanders"));
    // halb and anders: the first post goes out, the second is refused; ganz goes out whole.
    for (const name of ["halb", "anders"]) {
      one.failNext("POST", "/api/v1/statuses", { kind: "delay", ms: 0 });
      one.failNext("POST", "/api/v1/statuses", { kind: "respond", response: { status: 422, body: { error: "Validation failed" } } });
      expect((await publish(path.join(dir, `${name}.md`))).channels[0]!.status).toBe("failed");
    }
    expect((await publish(path.join(dir, "ganz.md"))).channels[0]!.status).toBe("published");
    write("anders", threadText("pipedueanders") + "\n\nNachtrag.");

    const report = await publishDue({ dir, config: project.config, env, now: NOW });
    expect(report.notices.map((n) => [n.id, n.status])).toEqual([["halb", "published"]]);
    expect(report.alreadyPublished).toBe(2);
    const total = report.notices[0]!.report!.plan.channels[0]!.posts.length;
    expect(live(one, "pipeduehalb")).toHaveLength(total);
    expect(live(one, "pipedueanders")).toHaveLength(1);
  });

  it("a bug while publishing one notice fails that notice, with the error in `bug`; the others are published", async () => {
    const dir = path.join(project.dir, "due-bug");
    mkdirSync(dir);
    const write = (name: string, publishAt: string, urgent = false) =>
      writeFileSync(path.join(dir, `${name}.md`), `---\ntitle: ${name}\npublish_at: "${publishAt}"\n${urgent ? "urgent: true\n" : ""}---\nMeldung pipe-duebug-${name}.\n`);
    write("erste", "2030-03-01T08:00:00Z", true);
    write("kaputt", "2030-03-01T08:00:00Z");
    write("letzte", "2030-03-01T09:00:00Z");
    const mastodon = platformById("mastodon");
    const render = mastodon.render.bind(mastodon);
    // Armed once the first notice is out: rendering the second one then hits a bug (after the scan).
    let armed = false;
    const spy = vi.spyOn(mastodon, "render").mockImplementation((input) => {
      if (armed && input.notice.id === "kaputt") throw new TypeError("Cannot read properties of undefined (reading 'text')");
      return render(input);
    });
    try {
      const report = await publishDue({ dir, config: project.config, env, now: NOW, onEvent: (e) => void (e.type === "channel-done" && (armed = true)) });
      expect(report.notices.map((n) => [n.id, n.status])).toEqual([
        ["erste", "published"],
        ["kaputt", "failed"],
        ["letzte", "published"],
      ]);
      const broken = report.notices[1]!;
      expect(broken.bug).toBeInstanceOf(TypeError);
      expect(broken.problems).toMatchObject([{ code: "INTERNAL_ERROR" }]);
      expect(live(one, "pipe-duebug-erste")).toHaveLength(1);
      expect(live(one, "pipe-duebug-kaputt")).toHaveLength(0);
      expect(live(one, "pipe-duebug-letzte")).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });
});
