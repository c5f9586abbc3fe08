/**
 * Killed in the middle of one post: the CLI gets SIGKILL when an exact request of a multi-request publish
 * arrives at the fake (an Instagram carousel item, the carousel container, media_publish; a Facebook
 * unpublished photo or the /feed that attaches them; a LinkedIn image upload or /rest/posts; a Threads
 * container or threads_publish). The request still runs on the fake, as it would on the platform, while the
 * client is gone. Then `post` runs again, and what the fake holds must be exactly one visible copy of the
 * post with every image and its alt text: the re-run reconciles, or starts over where nothing became visible.
 *
 * The platforms run side by side (one fake each, so each kill hook sees only its own channel's requests);
 * within a platform the cases run one after the other.
 */
import type { ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFields, type FakeServer, type RecordedRequest } from "../fakes/fake-server.js";
import { GraphFake, ThreadsFake } from "../fakes/graph.js";
import { LinkedInFake } from "../fakes/linkedin.js";
import { type StaticServer } from "../fakes/static-server.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { createFakesProject, type TestProject } from "../helpers/project.js";

const env = { FB: "fb-token-kill-1", IG: "ig-token-kill-1", TH: "th-token-kill-1", LI: "li-token-kill-1", ANNOUNCE_LOCK_STALE_MS: "2000" };
const facebook = new GraphFake({ pageId: "1234", pageToken: env.FB, igUserId: "1784" });
const instagram = new GraphFake({ pageId: "1234", pageToken: env.FB, igUserId: "1784", igToken: env.IG });
const threads = new ThreadsFake({ userId: "1789", token: env.TH });
const linkedin = new LinkedInFake({ token: env.LI, organization: "urn:li:organization:123" });
const fakes = [facebook, instagram, threads, linkedin];
let media: StaticServer;
let project: TestProject;

/** Three small, different images (each gets its own content-hash name) and their alt texts. */
const IMAGES = [
  { path: "images/karte.png", alt: "Stadtplan mit dem gesperrten Bereich der Innenstadt" },
  { path: "images/umleitung.png", alt: "Skizze der Umleitung über die Ringstraße" },
  { path: "images/haltestelle.png", alt: "Foto der Ersatzhaltestelle am Marktplatz" },
];

beforeAll(async () => {
  await Promise.all(fakes.map((fake) => fake.start()));
  ({ project, media } = await createFakesProject({ facebook: facebook.url, instagram: instagram.url, threads: threads.url, linkedin: linkedin.url }));
  // karte.png (320×200) comes with the project; two more with other sizes and patterns, within Instagram's ratios.
  const pattern = async (width: number, height: number, step: number) => {
    const raw = Buffer.alloc(width * height * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * step) % 253;
    return sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer();
  };
  writeFileSync(path.join(project.dir, IMAGES[1]!.path), await pattern(300, 240, 11));
  writeFileSync(path.join(project.dir, IMAGES[2]!.path), await pattern(240, 240, 13));
});
afterAll(async () => {
  await Promise.all([...fakes.map((fake) => fake.stop()), media?.stop()]);
});

/** A notice with the first `images` of {@link IMAGES}. */
function notice(tag: string, images: number): string {
  return project.writeNotice(tag, { title: `Titel ${tag}`, images: IMAGES.slice(0, images) }, `Meldung ${tag}: Sperrung der Innenstadt.`);
}

const args = (file: string, channel: string) => ["post", file, "--config", project.config, "--channel", channel, "--json"];

/** Query and body parameters of a request, merged as the fakes do (body wins). */
const params = (req: RecordedRequest): Record<string, unknown> => ({ ...Object.fromEntries(req.query), ...parseFields(req) });
/** The path without Graph's version prefix ("/v24.0/1784/media" → "/1784/media"). */
const unversioned = (req: RecordedRequest) => req.path.replace(/^\/v\d+(\.\d+)?(?=\/)/, "");
const graphPost = (edge: string) => (req: RecordedRequest) => req.method === "POST" && unversioned(req) === edge;

/** Where to kill: the `nth` request that `match` accepts. */
interface KillPoint {
  name: string;
  tag: string;
  match: (req: RecordedRequest) => boolean;
  nth: number;
  /** Images in the notice. */
  images: number;
}

/**
 * Runs `post` and SIGKILLs it as soon as the kill point's request has arrived at `fake` (its body read);
 * the request itself still runs on the fake. Fails when the run was not killed there.
 */
async function killAt(fake: FakeServer, point: KillPoint, file: string, channel: string): Promise<void> {
  let child: ChildProcess | undefined;
  let seen = 0;
  let fired = false;
  fake.onRequest = (req) => {
    if (fired || !point.match(req) || ++seen < point.nth) return;
    fired = true;
    child?.kill("SIGKILL");
  };
  let result: CliResult;
  try {
    result = await runCli(args(file, channel), { env, timeoutMs: 60_000, onSpawn: (c) => (child = c) });
  } finally {
    fake.onRequest = undefined;
  }
  expect(fired, `the run never reached the kill point:\n${result.stdout}${result.stderr}`).toBe(true);
  expect(result.signal, result.stdout + result.stderr).toBe("SIGKILL");
}

/** Runs `post` again, without a kill: it must succeed with the channel published. */
async function rerun(file: string, channel: string): Promise<void> {
  const result = await runCli(args(file, channel), { env, timeoutMs: 120_000 });
  expect(result.code, result.stdout + result.stderr).toBe(0);
  const report = JSON.parse(result.stdout) as { channels: { channel: string; status: string }[] };
  expect(report.channels.map((c) => [c.channel, c.status]), result.stdout).toEqual([[channel, "published"]]);
}

const isJpeg = (b: Buffer | undefined) => b !== undefined && b[0] === 0xff && b[1] === 0xd8;
const isImage = (b: Buffer | undefined) => isJpeg(b) || (b !== undefined && b.subarray(0, 4).toString("latin1") === "\x89PNG");
const alts = (count: number) => IMAGES.slice(0, count).map((i) => i.alt);

describe("Instagram carousel: killed mid-publish, then re-run", { concurrent: true }, () => {
  const container = graphPost("/1784/media");
  const points: KillPoint[] = [
    { name: "the 1st carousel item", tag: "kigitem1", match: (r) => container(r) && String(params(r).is_carousel_item) === "true", nth: 1, images: 3 },
    { name: "the 2nd carousel item", tag: "kigitem2", match: (r) => container(r) && String(params(r).is_carousel_item) === "true", nth: 2, images: 3 },
    { name: "the carousel container", tag: "kigcarousel", match: (r) => container(r) && params(r).media_type === "CAROUSEL", nth: 1, images: 3 },
    { name: "media_publish", tag: "kigpublish", match: graphPost("/1784/media_publish"), nth: 1, images: 3 },
  ];

  it.each(points)("killed when $name arrives", { concurrent: false }, async (point) => {
    const file = notice(point.tag, point.images);
    await killAt(instagram, point, file, "ig");
    await rerun(file, "ig");

    const published = instagram.igMedia.filter((m) => m.caption?.includes(point.tag));
    expect(published).toHaveLength(1);
    const album = published[0]!;
    expect(album.mediaType).toBe("CAROUSEL_ALBUM");
    expect(album.children.map((c) => c.altText)).toEqual(alts(point.images));
    for (const c of album.children) expect(isJpeg(c.imageBytes), c.imageUrl).toBe(true);
    expect(new Set(album.children.map((c) => c.imageUrl)).size).toBe(point.images);
  });
});

describe("Facebook with several photos: killed mid-publish, then re-run", { concurrent: true }, () => {
  const unpublishedPhoto = (r: RecordedRequest) => graphPost("/1234/photos")(r) && params(r).published === "false";
  const points: KillPoint[] = [
    { name: "the 1st unpublished photo", tag: "kfbphoto1", match: unpublishedPhoto, nth: 1, images: 2 },
    { name: "the 2nd unpublished photo", tag: "kfbphoto2", match: unpublishedPhoto, nth: 2, images: 2 },
    { name: "/feed", tag: "kfbfeed", match: graphPost("/1234/feed"), nth: 1, images: 2 },
    { name: "/feed (three photos)", tag: "kfbfeed3", match: graphPost("/1234/feed"), nth: 1, images: 3 },
  ];

  it.each(points)("killed when $name arrives", { concurrent: false }, async (point) => {
    const file = notice(point.tag, point.images);
    await killAt(facebook, point, file, "fb");
    await rerun(file, "fb");

    const visible = facebook.livePosts().filter((p) => p.message?.includes(point.tag));
    expect(visible).toHaveLength(1);
    const post = visible[0]!;
    const attached = post.attachedMedia.map((id) => facebook.photos.find((p) => p.id === id));
    expect(attached).toHaveLength(point.images);
    for (const [i, photo] of attached.entries()) {
      expect(photo, `attached photo ${post.attachedMedia[i]} is not on the fake`).toBeDefined();
      expect(photo!.deleted).toBe(false);
      expect(photo!.postId).toBe(post.id);
      expect(isImage(photo!.bytes)).toBe(true);
    }
    expect(attached.map((p) => p!.altTextCustom)).toEqual(alts(point.images));
    // Photos left by the killed run are unpublished and unattached, so invisible; none was published on its own.
    expect(facebook.photos.filter((p) => p.published)).toEqual([]);
  });
});

describe("LinkedIn with images: killed mid-publish, then re-run", { concurrent: true }, () => {
  const init = (r: RecordedRequest) => r.method === "POST" && r.path === "/rest/images" && r.query.get("action") === "initializeUpload";
  const put = (r: RecordedRequest) => r.method === "PUT" && r.path.startsWith("/upload/");
  const create = (r: RecordedRequest) => r.method === "POST" && r.path === "/rest/posts";
  const points: KillPoint[] = [
    { name: "initializeUpload", tag: "kliinit", match: init, nth: 1, images: 1 },
    { name: "the PUT of the bytes", tag: "kliput", match: put, nth: 1, images: 1 },
    { name: "/rest/posts", tag: "kliposts", match: create, nth: 1, images: 1 },
    { name: "the 2nd PUT (two images)", tag: "kliput2", match: put, nth: 2, images: 2 },
    { name: "/rest/posts (two images)", tag: "kliposts2", match: create, nth: 1, images: 2 },
  ];

  it.each(points)("killed when $name arrives", { concurrent: false }, async (point) => {
    const file = notice(point.tag, point.images);
    await killAt(linkedin, point, file, "li");
    const uploads = linkedin.requests.filter(init).length;
    await rerun(file, "li");
    // Killed at /rest/posts, the images were saved with the attempt: the re-run sends the same post
    // (LinkedIn answers DUPLICATE_POST if the first one arrived) and uploads nothing again.
    if (point.match === create) expect(linkedin.requests.filter(init).length).toBe(uploads);

    const live = linkedin.livePosts.filter((p) => p.visibleText.includes(point.tag));
    expect(live).toHaveLength(1);
    const content = live[0]!.entity.content as { media?: { id: string; altText?: string }; multiImage?: { images: { id: string; altText?: string }[] } };
    const images = point.images === 1 ? [content.media!] : content.multiImage!.images;
    expect(images.map((i) => i.altText)).toEqual(alts(point.images));
    for (const { id } of images) {
      const stored = linkedin.images.find((i) => i.urn === id);
      expect(stored, `image ${id} is not on the fake`).toBeDefined();
      expect(isImage(stored!.bytes), `image ${id} has no uploaded bytes`).toBe(true);
    }
  });
});

describe("Threads with images: killed mid-publish, then re-run", { concurrent: true }, () => {
  const points: KillPoint[] = [
    { name: "the image container", tag: "kthcontainer", match: graphPost("/1789/threads"), nth: 1, images: 1 },
    { name: "threads_publish", tag: "kthpublish", match: graphPost("/1789/threads_publish"), nth: 1, images: 1 },
    { name: "threads_publish (carousel of two)", tag: "kthcarousel", match: graphPost("/1789/threads_publish"), nth: 1, images: 2 },
  ];

  it.each(points)("killed when $name arrives", { concurrent: false }, async (point) => {
    const file = notice(point.tag, point.images);
    await killAt(threads, point, file, "th");
    await rerun(file, "th");

    const live = threads.threadsPosts.filter((p) => !p.deleted && p.text?.includes(point.tag));
    expect(live).toHaveLength(1);
    const post = live[0]!;
    const images = point.images === 1 ? [post] : post.children;
    expect(post.mediaType).toBe(point.images === 1 ? "IMAGE" : "CAROUSEL_ALBUM");
    expect(images.map((i) => i.altText)).toEqual(alts(point.images));
    for (const image of images) expect(isImage(image.imageBytes), image.imageUrl).toBe(true);
  });

  it("killed when threads_publish arrives, and the listing does not show the post yet: the saved container says it is out", { concurrent: false }, async () => {
    const point: KillPoint = { name: "threads_publish", tag: "kthlagging", match: graphPost("/1789/threads_publish"), nth: 1, images: 1 };
    const file = notice(point.tag, point.images);
    await killAt(threads, point, file, "th");
    // Listings lag by 3 s: the re-run's first look misses the post; the container it saved says PUBLISHED,
    // so it looks again instead of publishing a second post.
    threads.listingDelayMs = 3000;
    try {
      await rerun(file, "th");
    } finally {
      threads.listingDelayMs = 0;
    }
    expect(threads.threadsPosts.filter((p) => !p.deleted && p.text?.includes(point.tag))).toHaveLength(1);
  });
});

describe("after every kill above", () => {
  it("no token is in any file the runs wrote (ledger, audit log, media)", () => {
    const written = project.writtenFiles();
    expect(written.some((f) => f.file.includes("ledger"))).toBe(true);
    for (const { file, content } of written) for (const token of [env.FB, env.IG, env.TH, env.LI]) expect(content.includes(token), file).toBe(false);
  });
});
