/**
 * Image preparation with sharp (loaded on first use, so text-only work never pays for it).
 *
 * Never crops: an aspect ratio outside the platform's range is fitted by padding with white, so maps and
 * plans stay whole. Metadata (EXIF, GPS) is removed whenever the image is re-encoded.
 *
 * Bounded work for any input: an image is decoded once, completely (a truncated or damaged file is refused
 * here, not uploaded broken), and shrunk while it is decoded to at most {@link MAX_WORKING_PIXELS}; every
 * platform's variant is made from that one decoded copy, scaled first and padded after, so no canvas is
 * ever larger than the output (a 1×40000 strip padded for Instagram is a 1440×1800 canvas, not a 32000×40000 one).
 */
import { open } from "node:fs/promises";
import { intactPng, type IntactPng } from "./png.js";
import type { ImageSpec } from "./spec.js";
import { ui } from "../ui-texts.js";

export interface PreparedImage {
  format: "jpeg" | "png" | "webp" | "gif";
  width: number;
  height: number;
  bytes: number;
  data: Buffer;
  /** What was done, for people: "padded to 4:5", "resized to 1440×1080", "converted to JPEG". */
  changes: string[];
}

type Sharp = typeof import("sharp").default;
let sharpModule: Promise<Sharp> | undefined;
function loadSharp(): Promise<Sharp> {
  sharpModule ??= import("sharp").then((m) => {
    // One image at a time and no decoded-image cache: notices have few images, and memory stays low.
    m.default.concurrency(1);
    m.default.cache(false);
    return m.default;
  });
  return sharpModule;
}

/** Largest image file read (a camera's largest JPEGs are about 30 MB). */
export const MAX_IMAGE_FILE_BYTES = 64 * 1024 * 1024;
/** Largest decoded image accepted (a 100-megapixel camera photo), so that a crafted file cannot exhaust memory. */
const MAX_INPUT_PIXELS = 100_000_000;
/**
 * Largest image that is kept after decoding and uploaded, padding included: 3840×2160 pixels, what
 * Mastodon keeps of an original (larger uploads are scaled down by the server anyway), and more than any
 * other platform shows.
 */
export const MAX_WORKING_PIXELS = 8_294_400;
/** mozjpeg's smaller files cost about seven times the encoding time: worth it only for small images. */
const MOZJPEG_MAX_PIXELS = 1_000_000;

/** An image decoded once, from which the variants for each platform are made. */
export interface ImageSource {
  prepare(spec: ImageSpec): Promise<PreparedImage>;
}

/**
 * Prepares an image file for a platform's spec. Nothing is kept here: a caller that uploads the bytes
 * later holds them itself (the plan's `PreparedImages`), so they are freed with its run.
 */
export async function prepareImage(file: string, spec: ImageSpec): Promise<PreparedImage> {
  return (await openImage(file)).prepare(spec);
}

/**
 * Prepares image bytes for a spec: the notice's images, and pictures fetched from the web for link
 * cards (Bluesky, LinkedIn), which are untrusted input.
 */
export async function prepareImageData(input: Buffer, spec: ImageSpec): Promise<PreparedImage> {
  return (await decodeImage(input)).prepare(spec);
}

/** Reads an image file (at most {@link MAX_IMAGE_FILE_BYTES}, a regular file only) and decodes it: see {@link decodeImage}. */
export async function openImage(file: string): Promise<ImageSource> {
  return decodeImage(await readImageFile(file));
}

/**
 * {@link openImage} for the channels of one run: each file is read and checked once, however many
 * channels prepare it (each at its own time, when it has connected). Only the file's bytes are kept,
 * not decoded pixels, which stay with each channel's preparation.
 */
export function imageFiles(): (file: string) => Promise<ImageSource> {
  const opened = new Map<string, Promise<{ input: Buffer; png: IntactPng | undefined }>>();
  return async (file) => {
    let entry = opened.get(file);
    if (!entry) opened.set(file, (entry = readImageFile(file).then((input) => ({ input, png: intactPng(input, MAX_WORKING_PIXELS) }))));
    const { input, png } = await entry;
    return sourceFrom(input, png);
  };
}

async function readImageFile(file: string): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error("not a regular file");
    if (info.size > MAX_IMAGE_FILE_BYTES) throw new Error(`the file is larger than ${MAX_IMAGE_FILE_BYTES / 1024 / 1024} MB`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** A decoded image: raw pixels at the working size, and what is known of the original. */
interface Decoded {
  /** Displayed size of the original (EXIF orientation applied). */
  width: number;
  height: number;
  sourceFormat: PreparedImage["format"] | undefined;
  /** The original bytes, when they may be uploaded as they are (nothing needs to change for some spec). */
  original: Buffer | undefined;
  raw: Buffer;
  rawWidth: number;
  rawHeight: number;
  channels: 1 | 2 | 3 | 4;
}

/**
 * Decodes image bytes completely, once: a truncated or damaged image fails here ("VipsJpeg: premature end
 * of JPEG file", …) instead of passing `validate` and being uploaded broken. Larger images are shrunk while
 * decoding (JPEG shrink-on-load, streamed rows otherwise), so memory stays bounded by the working size.
 */
export async function decodeImage(input: Buffer): Promise<ImageSource> {
  return sourceFrom(input, intactPng(input, MAX_WORKING_PIXELS));
}

/** An intact PNG that a spec takes as it is needs no decoding (and no image library) for that spec. */
async function sourceFrom(input: Buffer, png: IntactPng | undefined): Promise<ImageSource> {
  if (!png) return decodeFully(input);
  let full: Promise<ImageSource> | undefined;
  return {
    prepare(spec) {
      const { padX, padY, scale } = fitting(png.width, png.height, spec);
      if (padX === 0 && padY === 0 && scale === 1 && spec.formats.includes("png") && input.length <= spec.maxBytes) {
        return Promise.resolve({ format: "png", width: png.width, height: png.height, bytes: input.length, data: input, changes: [] });
      }
      return (full ??= decodeFully(input)).then((source) => source.prepare(spec));
    },
  };
}

async function decodeFully(input: Buffer): Promise<ImageSource> {
  const sharp = await loadSharp();
  const options = { sequentialRead: true, limitInputPixels: MAX_INPUT_PIXELS, failOn: "warning" } as const;
  const meta = await sharp(input, options).metadata();
  const sourceFormat = normalizeFormat(meta.format);
  // Respect EXIF orientation: width/height as displayed.
  const orientation = meta.orientation ?? 1;
  const rotated = orientation >= 5;
  const width = rotated ? meta.height : meta.width;
  const height = rotated ? meta.width : meta.height;
  const shrink = Math.min(1, Math.sqrt(MAX_WORKING_PIXELS / (width * height)));
  let pipeline = sharp(input, options).rotate();
  if (shrink < 1) pipeline = pipeline.resize(Math.max(1, Math.floor(width * shrink)), Math.max(1, Math.floor(height * shrink)), { fit: "fill" });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  // The original bytes are kept only while they may be uploaded as they are: a large photo's are freed.
  // Text chunks of a PNG (comments) count as metadata too: an author, a place, a camera.
  const original = shrink === 1 && orientation === 1 && !(meta.exif ?? meta.xmp ?? meta.iptc) && !meta.comments?.length && sourceFormat !== undefined ? input : undefined;
  const decoded: Decoded = {
    width,
    height,
    sourceFormat,
    original,
    raw: data,
    rawWidth: info.width,
    rawHeight: info.height,
    channels: info.channels,
  };
  // Specs with the same outcome (two channels of a platform, Instagram and Threads) share one encoding.
  const encoded = new Map<string, Promise<Buffer>>();
  return {
    prepare: (spec) =>
      prepareFrom(sharp, decoded, spec, (key, make) => {
        let result = encoded.get(key);
        if (!result) encoded.set(key, (result = make()));
        return result;
      }),
  };
}

interface Geometry {
  /** Size of the picture itself in the output. */
  contentW: number;
  contentH: number;
  /** Size of the output, padding included. */
  w: number;
  h: number;
}

/** Output geometry at `scale` of the padded original: scale first, then pad, never a larger canvas. */
function geometry(width: number, height: number, padX: number, padY: number, scale: number): Geometry {
  const w = Math.max(1, Math.round((width + padX) * scale));
  const h = Math.max(1, Math.round((height + padY) * scale));
  return { contentW: Math.min(w, Math.max(1, Math.round(width * scale))), contentH: Math.min(h, Math.max(1, Math.round(height * scale))), w, h };
}

/**
 * What a spec asks of an image of this size: padding (in the original's pixels) to the allowed aspect
 * ratio, and the scale that brings the padded image into the size bounds and the working size.
 */
function fitting(width: number, height: number, spec: ImageSpec): { padX: number; padY: number; padRatio?: number; outW: number; outH: number; scale: number } {
  let padX = 0;
  let padY = 0;
  let padRatio: number | undefined;
  if (spec.aspect) {
    const ratio = width / height;
    if (ratio < spec.aspect.min) [padX, padRatio] = [Math.ceil(height * spec.aspect.min) - width, spec.aspect.min];
    else if (ratio > spec.aspect.max) [padY, padRatio] = [Math.ceil(width / spec.aspect.max) - height, spec.aspect.max];
  }
  const outW = width + padX;
  const outH = height + padY;
  const maxPixels = Math.min(spec.maxPixels ?? Infinity, MAX_WORKING_PIXELS);
  let scale = 1;
  if (spec.maxWidth && outW > spec.maxWidth) scale = Math.min(scale, spec.maxWidth / outW);
  if (spec.maxSide && Math.max(outW, outH) > spec.maxSide) scale = Math.min(scale, spec.maxSide / Math.max(outW, outH));
  // A little below the bound, so that rounding to whole pixels cannot step over it.
  if (outW * outH > maxPixels) scale = Math.min(scale, Math.sqrt(maxPixels / (outW * outH)) * 0.999);
  if (spec.minWidth && outW < spec.minWidth) scale = spec.minWidth / outW;
  return { padX, padY, padRatio, outW, outH, scale };
}

async function prepareFrom(
  sharp: Sharp,
  source: Decoded,
  spec: ImageSpec,
  once: (key: string, make: () => Promise<Buffer>) => Promise<Buffer>,
): Promise<PreparedImage> {
  const { width, height, sourceFormat } = source;
  const changes: string[] = [];
  const fit = fitting(width, height, spec);
  const { padX, padY, padRatio, outW, outH } = fit;
  let scale = fit.scale;
  if (padRatio !== undefined) changes.push(ui().notes.padded(ratioName(padRatio)));

  const needsGeometry = padX > 0 || padY > 0 || scale !== 1;
  const original = source.original;
  if (!needsGeometry && original && spec.formats.includes(sourceFormat!) && original.length <= spec.maxBytes) {
    return { format: sourceFormat!, width, height, bytes: original.length, data: original, changes };
  }

  // PNG after JPEG only for an image that was PNG: a photo never gets smaller as PNG, and encoding a
  // large one as PNG takes many seconds.
  const preferred = sourceFormat !== undefined && sourceFormat !== "gif" && spec.formats.includes(sourceFormat) ? [sourceFormat, ...spec.formats.filter((f) => f !== sourceFormat)] : [...spec.formats];
  const encodable = preferred.filter((f): f is "jpeg" | "png" | "webp" => f !== "gif").filter((f, _, all) => f !== "png" || sourceFormat === "png" || all.length === 1);
  if (encodable.length === 0) throw new Error("no format to encode to");

  for (let attempt = 0; attempt < 12; attempt++) {
    const g = geometry(width, height, padX, padY, scale);
    let smallest = Infinity;
    for (const format of encodable) {
      for (const quality of format === "png" ? [100] : [90, 82, 74, 66]) {
        const key = `${g.contentW}x${g.contentH}+${g.w}x${g.h}:${format}:${quality}`;
        const data = await once(key, () => encode(sharp, source, g, format, quality));
        if (data.length <= spec.maxBytes) {
          if (g.w !== outW || g.h !== outH) changes.push(ui().notes.resized(g.w, g.h));
          if (format !== sourceFormat) changes.push(ui().notes.converted(format.toUpperCase()));
          else changes.push(ui().notes.reencoded);
          if (format === "jpeg" && quality < 90) changes.push(ui().notes.jpegQuality(quality));
          return { format, width: g.w, height: g.h, bytes: data.length, data, changes };
        }
        smallest = Math.min(smallest, data.length);
        // Far too large at this size: lower qualities will not bring it under the limit, a smaller size will.
        if (data.length > 2 * spec.maxBytes) break;
      }
    }
    // Bytes grow with the pixels: aim below the limit at once rather than by many small steps.
    scale *= Math.min(0.85, Math.sqrt(spec.maxBytes / smallest) * 0.95);
  }
  throw new Error(`cannot bring the image under ${spec.maxBytes} bytes`);
}

/** One variant from the decoded pixels: scaled to the content size, then padded with white, then encoded. */
async function encode(sharp: Sharp, source: Decoded, g: Geometry, format: "jpeg" | "png" | "webp", quality: number): Promise<Buffer> {
  let pipeline = sharp(source.raw, { raw: { width: source.rawWidth, height: source.rawHeight, channels: source.channels } });
  if (g.contentW !== source.rawWidth || g.contentH !== source.rawHeight) pipeline = pipeline.resize(g.contentW, g.contentH, { fit: "fill" });
  if (g.w > g.contentW || g.h > g.contentH) {
    const left = Math.floor((g.w - g.contentW) / 2);
    const top = Math.floor((g.h - g.contentH) / 2);
    pipeline = pipeline.extend({ left, right: g.w - g.contentW - left, top, bottom: g.h - g.contentH - top, background: { r: 255, g: 255, b: 255, alpha: 1 } });
  }
  if (format === "jpeg") return pipeline.flatten({ background: "#ffffff" }).jpeg({ quality, mozjpeg: g.w * g.h <= MOZJPEG_MAX_PIXELS }).toBuffer();
  if (format === "webp") return pipeline.webp({ quality }).toBuffer();
  return pipeline.png({ compressionLevel: 9 }).toBuffer();
}

function normalizeFormat(format: string | undefined): PreparedImage["format"] | undefined {
  if (format === "jpeg" || format === "jpg") return "jpeg";
  if (format === "png" || format === "webp" || format === "gif") return format;
  return undefined;
}

function ratioName(ratio: number): string {
  if (Math.abs(ratio - 0.8) < 0.001) return "4:5";
  if (Math.abs(ratio - 1.91) < 0.001) return "1.91:1";
  return `${ratio.toFixed(2)}:1`;
}

/**
 * A smaller copy of a prepared image, for showing it (the HTML preview embeds it): the same picture with
 * its padding, at most `maxWidth` pixels wide, as WebP. The prepared image itself may be many megabytes.
 */
export async function displayCopy(data: Buffer, maxWidth = 960): Promise<{ data: Buffer; format: "webp"; width: number; height: number }> {
  const sharp = await loadSharp();
  const { data: out, info } = await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS })
    .resize({ width: maxWidth, withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer({ resolveWithObject: true });
  return { data: out, format: "webp", width: info.width, height: info.height };
}
