/**
 * The PNG reader that lets an intact PNG which fits a platform be uploaded as it is without decoding it:
 * it takes whole files of every colour type, and nothing that is damaged, interlaced, animated or carries
 * metadata (those go to the full decoder, which refuses damage and removes metadata).
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { crc32 } from "node:zlib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodeImage, imageFiles } from "../../src/media/prepare.js";
import { intactPng } from "../../src/media/png.js";
import { bluesky } from "../../src/platforms/bluesky/index.js";
import { instagram } from "../../src/platforms/instagram/index.js";
import { mastodon } from "../../src/platforms/mastodon/index.js";
import { tempDir } from "../helpers/tmp.js";

const LIMIT = 8_294_400;

function noise(width: number, height: number, channels: 1 | 2 | 3 | 4): Buffer {
  const raw = Buffer.alloc(width * height * channels);
  let seed = 7;
  for (let i = 0; i < raw.length; i++) raw[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  return raw;
}

async function png(width: number, height: number, channels: 1 | 2 | 3 | 4, options: import("sharp").PngOptions = {}): Promise<Buffer> {
  return sharp(noise(width, height, channels), { raw: { width, height, channels } }).png(options).toBuffer();
}

/** The offsets and types of a PNG's chunks. */
function chunks(data: Buffer): { type: string; at: number; length: number }[] {
  const found = [];
  for (let at = 8; at + 12 <= data.length; ) {
    const length = data.readUInt32BE(at);
    found.push({ type: data.toString("latin1", at + 4, at + 8), at, length });
    at += 12 + length;
  }
  return found;
}

/** A chunk with its CRC, to insert into a file. */
function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])));
  return Buffer.concat([head, body, crc]);
}

describe("intact PNGs", () => {
  it("reads the size of whole PNGs of every colour type and depth", async () => {
    const files = [await png(300, 200, 3), await png(301, 199, 4), await png(64, 65, 1), await png(33, 17, 2), await png(120, 90, 3, { palette: true, colours: 16 })];
    files.push(await sharp(noise(50, 40, 3), { raw: { width: 50, height: 40, channels: 3 } }).toColourspace("rgb16").png().toBuffer());
    const sizes = files.map((file) => intactPng(file, LIMIT));
    expect(sizes).toEqual([
      { width: 300, height: 200 },
      { width: 301, height: 199 },
      { width: 64, height: 65 },
      { width: 33, height: 17 },
      { width: 120, height: 90 },
      { width: 50, height: 40 },
    ]);
  });

  it("takes nothing that is cut short, has a damaged chunk, or has bytes after its end", async () => {
    const whole = await png(400, 300, 3);
    for (const cut of [9, 33, 100, Math.floor(whole.length / 2), whole.length - 13, whole.length - 1]) expect(intactPng(whole.subarray(0, cut), LIMIT), `cut at ${cut}`).toBeUndefined();
    const idat = chunks(whole).find((c) => c.type === "IDAT")!;
    const flipped = Buffer.from(whole);
    flipped[idat.at + 8 + Math.floor(idat.length / 2)]! ^= 0x55;
    expect(intactPng(flipped, LIMIT)).toBeUndefined();
    expect(intactPng(Buffer.concat([whole, Buffer.from("extra")]), LIMIT)).toBeUndefined();
    // Compressed data that is whole (its CRC right) but inflates to fewer rows than the header says.
    const header = Buffer.from(whole.subarray(0, 33));
    header.writeUInt32BE(301, 20); // one more row
    const ihdr = chunk("IHDR", header.subarray(16, 29));
    expect(intactPng(Buffer.concat([whole.subarray(0, 8), ihdr, whole.subarray(33)]), LIMIT)).toBeUndefined();
  });

  it("leaves interlaced, animated and metadata-carrying PNGs, and ones above the working size, to the decoder", async () => {
    expect(intactPng(await png(80, 60, 3, { progressive: true }), LIMIT)).toBeUndefined();
    const plain = await png(80, 60, 3);
    const afterHeader = 33;
    for (const [type, body] of [
      ["tEXt", Buffer.from("Author\0Pressestelle")],
      ["eXIf", Buffer.from("MM\0*\0\0\0\b\0\0")],
      ["acTL", Buffer.from([0, 0, 0, 1, 0, 0, 0, 0])],
    ] as const) {
      const file = Buffer.concat([plain.subarray(0, afterHeader), chunk(type, body), plain.subarray(afterHeader)]);
      expect(intactPng(file, LIMIT), type).toBeUndefined();
    }
    expect(intactPng(plain, 80 * 60 - 1)).toBeUndefined();
    expect(intactPng(await sharp(Buffer.from(plain)).jpeg().toBuffer(), LIMIT)).toBeUndefined();
  });

  it("is uploaded as it is where it fits, and decoded where a platform needs a change", async () => {
    const file = await png(1600, 1200, 3, { compressionLevel: 9 });
    const source = await decodeImage(file);
    for (const spec of [mastodon.imageSpec, bluesky.imageSpec].filter((s) => file.length <= s.maxBytes)) {
      const same = await source.prepare(spec);
      expect(same.data).toBe(file);
      expect(same).toMatchObject({ format: "png", width: 1600, height: 1200, changes: [] });
    }
    // Instagram takes JPEG only, at most 1440 wide: converted and resized from the decoded pixels.
    const changed = await source.prepare(instagram.imageSpec);
    expect(changed.format).toBe("jpeg");
    expect(changed.width).toBe(1440);
    expect((await sharp(changed.data).metadata()).format).toBe("jpeg");
  });

  it("a PNG with metadata is re-encoded without it", async () => {
    const plain = await png(200, 150, 3);
    const tagged = Buffer.concat([plain.subarray(0, 33), chunk("tEXt", Buffer.from("GPS\x0051.5136,7.4653")), plain.subarray(33)]);
    const prepared = await (await decodeImage(tagged)).prepare(mastodon.imageSpec);
    expect(prepared.data).not.toBe(tagged);
    expect(prepared.data.includes(Buffer.from("51.5136"))).toBe(false);
    const withExif = await sharp(noise(200, 150, 3), { raw: { width: 200, height: 150, channels: 3 } })
      .png()
      .withExif({ IFD0: { Artist: "Fotograf Mustermann" } })
      .toBuffer();
    expect(withExif.includes(Buffer.from("Mustermann"))).toBe(true);
    const stripped = await (await decodeImage(withExif)).prepare(mastodon.imageSpec);
    expect(stripped.data.includes(Buffer.from("Mustermann"))).toBe(false);
  });

  it("is read and checked once for all channels of a run", async () => {
    const file = path.join(tempDir(), "karte.png");
    writeFileSync(file, await png(640, 480, 3));
    const open = imageFiles();
    const first = await (await open(file)).prepare(mastodon.imageSpec);
    rmSync(file); // a second channel's preparation does not read the file again
    const second = await (await open(file)).prepare(bluesky.imageSpec);
    expect(second.data).toBe(first.data);
  });
});
