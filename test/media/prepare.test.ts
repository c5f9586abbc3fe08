/** Image preparation: padding instead of cropping, size and format bounds. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { prepareImage } from "../../src/media/prepare.js";
import { bluesky } from "../../src/platforms/bluesky/index.js";
import { instagram } from "../../src/platforms/instagram/index.js";
import { projectRoot } from "../helpers/cli.js";
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
