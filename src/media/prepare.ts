/**
 * Image preparation with sharp (loaded on first use, so text-only work never pays for it).
 *
 * Never crops: an aspect ratio outside the platform's range is fitted by padding with white, so maps and
 * plans stay whole. Metadata (EXIF, GPS) is removed whenever the image is re-encoded.
 */
import { readFile } from "node:fs/promises";
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

/**
 * Prepares an image file for a platform's spec. Nothing is kept here: a caller that uploads the bytes
 * later holds them itself (the plan's `PreparedImages`), so they are freed with its run.
 */
export function prepareImage(file: string, spec: ImageSpec): Promise<PreparedImage> {
  return prepare(file, spec);
}

async function prepare(file: string, spec: ImageSpec): Promise<PreparedImage> {
  return prepareImageData(await readFile(file), spec);
}

/** Largest decoded image accepted (a 100-megapixel camera photo), so that a crafted file cannot exhaust memory. */
const MAX_INPUT_PIXELS = 100_000_000;

/**
 * Prepares image bytes for a spec: the notice's images, and pictures fetched from the web for link
 * cards (Bluesky, LinkedIn), which are untrusted input.
 */
export async function prepareImageData(input: Buffer, spec: ImageSpec): Promise<PreparedImage> {
  const sharp = await loadSharp();
  const meta = await sharp(input, { sequentialRead: true, limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  const sourceFormat = normalizeFormat(meta.format);
  // Respect EXIF orientation: width/height as displayed.
  const rotated = (meta.orientation ?? 1) >= 5;
  const width = rotated ? meta.height! : meta.width!;
  const height = rotated ? meta.width! : meta.height!;
  const changes: string[] = [];

  // 1. Pad to the allowed aspect ratio.
  let padX = 0;
  let padY = 0;
  if (spec.aspect) {
    const ratio = width / height;
    if (ratio < spec.aspect.min) padX = Math.ceil(height * spec.aspect.min) - width;
    else if (ratio > spec.aspect.max) padY = Math.ceil(width / spec.aspect.max) - height;
    if (padX > 0 || padY > 0) changes.push(ui().notes.padded(ratioName(padX > 0 ? spec.aspect.min : spec.aspect.max)));
  }
  const outW = width + padX;
  const outH = height + padY;

  // 2. Scale into the size bounds.
  let scale = 1;
  if (spec.maxWidth && outW > spec.maxWidth) scale = Math.min(scale, spec.maxWidth / outW);
  if (spec.maxSide && Math.max(outW, outH) > spec.maxSide) scale = Math.min(scale, spec.maxSide / Math.max(outW, outH));
  if (spec.maxPixels && outW * outH > spec.maxPixels) scale = Math.min(scale, Math.sqrt(spec.maxPixels / (outW * outH)));
  if (spec.minWidth && outW < spec.minWidth) scale = spec.minWidth / outW;

  const needsGeometry = padX > 0 || padY > 0 || scale !== 1 || (meta.orientation ?? 1) !== 1;
  const formatOk = sourceFormat !== undefined && spec.formats.includes(sourceFormat);
  if (!needsGeometry && formatOk && input.length <= spec.maxBytes && !meta.exif && !meta.xmp && !meta.iptc) {
    return { format: sourceFormat!, width, height, bytes: input.length, data: input, changes };
  }

  const targetFormats = formatOk && sourceFormat !== "gif" ? [sourceFormat!, ...spec.formats.filter((f) => f !== sourceFormat)] : [...spec.formats];
  const encodable = targetFormats.filter((f): f is "jpeg" | "png" | "webp" => f !== "gif");
  if (encodable.length === 0) throw new Error("no format to encode to");

  for (let attempt = 0; attempt < 12; attempt++) {
    const w = Math.max(1, Math.round(outW * scale));
    const h = Math.max(1, Math.round(outH * scale));
    for (const format of encodable) {
      for (const quality of format === "png" ? [100] : [90, 82, 74, 66]) {
        const data = await encode(sharp, input, { padX, padY, w, h, format, quality, width, height });
        if (data.length <= spec.maxBytes) {
          if (w !== outW || h !== outH) changes.push(ui().notes.resized(w, h));
          if (format !== sourceFormat) changes.push(ui().notes.converted(format.toUpperCase()));
          else changes.push(ui().notes.reencoded);
          if (format === "jpeg" && quality < 90) changes.push(ui().notes.jpegQuality(quality));
          return { format, width: w, height: h, bytes: data.length, data, changes };
        }
      }
    }
    scale *= 0.85;
  }
  throw new Error(`cannot bring the image under ${spec.maxBytes} bytes`);
}

async function encode(
  sharp: Sharp,
  input: Buffer,
  o: { padX: number; padY: number; w: number; h: number; format: "jpeg" | "png" | "webp"; quality: number; width: number; height: number },
): Promise<Buffer> {
  let pipeline = sharp(input, { sequentialRead: true, limitInputPixels: MAX_INPUT_PIXELS }).rotate();
  if (o.padX > 0 || o.padY > 0) {
    // sharp extends after resizing; padding comes first here, so the padded image is handed on as raw
    // pixels (not re-encoded and decoded again) to the resize below.
    const left = Math.floor(o.padX / 2);
    const top = Math.floor(o.padY / 2);
    const { data, info } = await pipeline
      .extend({ left, right: o.padX - left, top, bottom: o.padY - top, background: { r: 255, g: 255, b: 255, alpha: 1 } })
      .raw()
      .toBuffer({ resolveWithObject: true });
    pipeline = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  }
  if (o.w !== o.width + o.padX || o.h !== o.height + o.padY) pipeline = pipeline.resize(o.w, o.h, { fit: "fill" });
  if (o.format === "jpeg") return pipeline.flatten({ background: "#ffffff" }).jpeg({ quality: o.quality, mozjpeg: true }).toBuffer();
  if (o.format === "webp") return pipeline.webp({ quality: o.quality }).toBuffer();
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
