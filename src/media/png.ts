/**
 * Reads a PNG without decoding its pixels: whether it is intact and may be uploaded exactly as it is. Most
 * PNGs a press office attaches (maps, plans, graphics) already fit every platform; for them the image
 * library is not loaded at all. The check is complete for what can be damaged in a PNG: every chunk's
 * CRC, the chunk order (IHDR first, IEND last, nothing after it) and the whole compressed image data
 * inflated to exactly the size its header announces. Anything this reader does not handle (interlaced,
 * animated, metadata that a re-encoding would remove) is left to the full decoder.
 * Format: https://www.w3.org/TR/png-3/ (chunk layout §5, IHDR §11.2.1, scanline sizes §7.2, §8.2).
 */
import { crc32, inflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Chunks that carry text, EXIF or time stamps: a re-encoding removes them, so such files are decoded. */
const METADATA = new Set(["eXIf", "tEXt", "zTXt", "iTXt", "tIME"]);
/** Samples per pixel by colour type (greyscale, RGB, palette, grey+alpha, RGBA). */
const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** The bit depths each colour type allows (§11.2.1, table 11.1). */
const DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

export interface IntactPng {
  width: number;
  height: number;
}

/**
 * The size of a PNG that is whole, not interlaced, not animated and carries no metadata; undefined for
 * anything else (another format, a damaged file, or a PNG the full decoder has to look at).
 */
export function intactPng(data: Buffer, maxPixels: number): IntactPng | undefined {
  if (data.length < SIGNATURE.length + 12 + 13 || !data.subarray(0, 8).equals(SIGNATURE)) return undefined;
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colorType: number } | undefined;
  const compressed: Buffer[] = [];
  let ended = false;
  let palette = false;
  while (offset + 12 <= data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString("latin1", offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > data.length) return undefined;
    if (crc32(data.subarray(offset + 4, offset + 8 + length)) !== data.readUInt32BE(offset + 8 + length)) return undefined;
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (header === undefined) {
      if (type !== "IHDR" || length !== 13) return undefined;
      const [bitDepth, colorType, compression, filter, interlace] = [body[8]!, body[9]!, body[10]!, body[11]!, body[12]!];
      if (compression !== 0 || filter !== 0 || interlace !== 0 || !DEPTHS[colorType]?.includes(bitDepth)) return undefined;
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth, colorType };
    } else if (type === "IDAT") compressed.push(body);
    else if (type === "PLTE") palette = true;
    else if (type === "IEND") {
      ended = true;
      offset = end;
      break;
    } else if (type === "acTL" || METADATA.has(type)) return undefined;
    offset = end;
  }
  if (!header || !ended || offset !== data.length || compressed.length === 0) return undefined;
  const { width, height, bitDepth, colorType } = header;
  if (colorType === 3 && !palette) return undefined;
  if (width === 0 || height === 0 || width * height > maxPixels) return undefined;
  // Each row: a filter byte and the row's samples, packed to whole bytes.
  const expected = height * (1 + Math.ceil((width * SAMPLES[colorType]! * bitDepth) / 8));
  try {
    // Output in large pieces: zlib's default of 16 KiB costs many small buffers and a long concatenation.
    const pixels = inflateSync(compressed.length === 1 ? compressed[0]! : Buffer.concat(compressed), { maxOutputLength: expected + 1, chunkSize: Math.min(expected + 1, 16 << 20) });
    if (pixels.length !== expected) return undefined;
    for (let row = 0; row < height; row++) if (pixels[row * (expected / height)]! > 4) return undefined; // filter types 0-4
  } catch {
    return undefined;
  }
  return { width, height };
}
