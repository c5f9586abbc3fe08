/** Image preparation: padding instead of cropping, size and format bounds. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { MAX_WORKING_PIXELS, openImage, prepareImage } from "../../src/media/prepare.js";
import { bluesky } from "../../src/platforms/bluesky/index.js";
import { platforms } from "../../src/platforms/index.js";
import { instagram } from "../../src/platforms/instagram/index.js";
import { mastodon } from "../../src/platforms/mastodon/index.js";
import { threads } from "../../src/platforms/threads/index.js";
import { projectRoot, runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const dir = tempDir();

async function image(name: string, width: number, height: number): Promise<string> {
  const file = path.join(dir, name);
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i % 3) * 80;
  writeFileSync(file, await sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer());
  return file;
}

describe("image preparation", () => {
  it("pads a tall map to 4:5 for Instagram, never crops, and converts to JPEG", async () => {
    const prepared = await prepareImage(await image("tall.png", 400, 1000), instagram.imageSpec);
    expect(prepared.format).toBe("jpeg");
    expect(prepared.width / prepared.height).toBeCloseTo(0.8, 2);
    expect(prepared.changes.join()).toContain("padded to 4:5");
    // The whole original is still there: its height is the full output height (nothing cut).
    expect(prepared.height).toBe(1000);
    expect((await sharp(prepared.data).metadata()).format).toBe("jpeg");
  });

  it("pads a wide panorama to 1.91:1 and scales it to 1440 px wide", async () => {
    const prepared = await prepareImage(await image("wide.png", 3000, 600), instagram.imageSpec);
    expect(prepared.width).toBe(1440);
    expect(prepared.width / prepared.height).toBeCloseTo(1.91, 1);
  });

  it("recompresses a large photo under Bluesky's 2,000,000-byte blob limit", async () => {
    const prepared = await prepareImage(path.join(projectRoot, "test/fixtures/notices/images/buehne.png"), bluesky.imageSpec);
    expect(prepared.bytes).toBeLessThanOrEqual(2_000_000);
    expect(prepared.bytes).toBe(prepared.data.length);
  });

  it("keeps a small image that already fits as it is", async () => {
    const prepared = await prepareImage(await image("small.png", 500, 400), bluesky.imageSpec);
    expect(prepared.changes).toEqual([]);
    expect(prepared.format).toBe("png");
  });
});

describe("hostile images", () => {
  it("scales a 1×40000 strip first and pads after: a 4:5 canvas of Instagram's width, the strip whole", async () => {
    const file = path.join(dir, "strip.png");
    const raw = Buffer.alloc(1 * 40_000 * 3, 0); // one black column
    writeFileSync(file, await sharp(raw, { raw: { width: 1, height: 40_000, channels: 3 } }).png().toBuffer());
    const prepared = await prepareImage(file, instagram.imageSpec);
    expect(prepared.width).toBe(1440);
    expect(prepared.height).toBe(1800);
    expect(prepared.changes).toEqual(expect.arrayContaining(["padded to 4:5 (not cropped)"]));
    // The strip runs from top to bottom in the middle; the sides are white padding.
    const { data, info } = await sharp(prepared.data).greyscale().raw().toBuffer({ resolveWithObject: true });
    const row = (y: number) => [...data.subarray(y * info.width, (y + 1) * info.width)];
    for (const y of [5, 900, 1795]) {
      expect(Math.min(...row(y)), `row ${y}`).toBeLessThan(128);
      expect(row(y).findIndex((v) => v < 128), `row ${y}`).toBeGreaterThan(700);
      expect(row(y).findIndex((v) => v < 128), `row ${y}`).toBeLessThan(740);
    }
    expect(Math.min(...row(900).slice(0, 600))).toBeGreaterThan(240);
  });

  it("keeps no canvas larger than the working size for a tall strip on Threads (1:10 at most)", async () => {
    const file = path.join(dir, "strip-threads.png");
    writeFileSync(file, await sharp(Buffer.alloc(40_000 * 3), { raw: { width: 1, height: 40_000, channels: 3 } }).png().toBuffer());
    const prepared = await prepareImage(file, threads.imageSpec);
    expect(prepared.width * prepared.height).toBeLessThanOrEqual(MAX_WORKING_PIXELS);
    expect(prepared.width / prepared.height).toBeCloseTo(0.1, 2);
  });

  it("refuses a truncated PNG whose header is intact, also where it would be uploaded as it is", async () => {
    const whole = await sharp(await noise(500, 400), { raw: { width: 500, height: 400, channels: 3 } }).png().toBuffer();
    expect((await prepareImage(await writeFile("whole.png", whole), bluesky.imageSpec)).changes).toEqual([]); // passes through untouched
    const truncated = await writeFile("truncated.png", whole.subarray(0, Math.floor(whole.length / 3)));
    expect((await sharp(truncated).metadata()).width).toBe(500); // the header alone looks fine
    for (const spec of [bluesky.imageSpec, mastodon.imageSpec, instagram.imageSpec]) {
      await expect(prepareImage(truncated, spec)).rejects.toThrow();
    }
  });

  it("validate: a truncated PNG is IMAGE_UNUSABLE (exit 2), not 'All valid'", async () => {
    const whole = await sharp(await noise(500, 400), { raw: { width: 500, height: 400, channels: 3 } }).png().toBuffer();
    await writeFile("cut.png", whole.subarray(0, 200));
    const notice = await writeFile("cut.md", "---\ntitle: Kaputtes Bild\nimages:\n  - path: cut.png\n    alt: Ein Bild, dessen Datei abgeschnitten ist\n---\nText.\n");
    const result = await runCli(["validate", notice, "--config", path.join(projectRoot, "test/fixtures/channels.yaml"), "--no-secrets", "--json"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("IMAGE_UNUSABLE");
  });

  it("makes every platform's variant from one decoding, each within its spec", async () => {
    const file = await writeFile("photo.jpg", await sharp(await noise(3000, 2000), { raw: { width: 3000, height: 2000, channels: 3 } }).jpeg({ quality: 95 }).toBuffer());
    const source = await openImage(file);
    for (const platform of platforms) {
      const prepared = await source.prepare(platform.imageSpec);
      expect(prepared.bytes, platform.id).toBeLessThanOrEqual(platform.imageSpec.maxBytes);
      expect(prepared.width * prepared.height, platform.id).toBeLessThanOrEqual(MAX_WORKING_PIXELS);
      expect((await sharp(prepared.data).metadata()).width, platform.id).toBe(prepared.width);
    }
  });
});

/** Random pixels: the worst case for compression, like a high-ISO photo. */
async function noise(width: number, height: number): Promise<Buffer> {
  const { randomBytes } = await import("node:crypto");
  return randomBytes(width * height * 3);
}

async function writeFile(name: string, content: Buffer | string): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}
