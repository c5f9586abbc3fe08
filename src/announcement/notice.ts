/**
 * A notice: one Markdown announcement with YAML front matter, loaded and checked.
 */
import { constants } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { $ZodIssue } from "zod/v4/core";
import { explain, problem } from "../messages.js";
import { InvalidInputError, type Problem } from "../problems.js";
import { closest } from "../suggest.js";
import { parseYaml, valueReason, zodProblems } from "../yaml-source.js";
import { MAX_BODY_CHARACTERS, NOTICE_ID, NoticeFrontMatter, NoticeImage, NoticeOverride } from "./schema.js";

/**
 * Largest notice file read (bytes). A notice is a page of text: the largest single post any platform takes
 * (Facebook, 63,206 characters) fits many times over, and a larger file is a mistake (a wrong path, a
 * generated file), not a notice.
 */
export const MAX_NOTICE_BYTES = 256 * 1024;

export interface NoticeImage {
  /** Absolute path of the image file. */
  file: string;
  /** The path as written in the front matter. */
  path: string;
  alt: string;
}

export interface Notice {
  /** Identity for the ledger: front-matter `id`, or the file name without extension. */
  id: string;
  /** Absolute path of the notice file. */
  file: string;
  /** The path as it was given (on the command line, or found under `due`'s folder), for hints to paste. */
  given?: string;
  title: string;
  lang?: string;
  link?: string;
  hashtags: string[];
  images: NoticeImage[];
  urgent: boolean;
  publishAt?: Date;
  contentWarning?: string;
  channels?: string[];
  overrides: Record<string, NoticeOverride>;
  author?: string;
  /** `correction_note`: what `announce correct` says about the correction on every channel. */
  correctionNote?: string;
  /** `draft: true`: checked and previewed, never published by `post` or `due`. */
  draft: boolean;
  /** The Markdown body. */
  body: string;
  /** Raw front matter text (for the content hash). */
  frontMatter: string;
  /** 1-based line of the first body line in the file. */
  bodyLine: number;
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits a notice file into front matter and body. */
export function splitFrontMatter(text: string): { frontMatter: string; body: string; bodyLine: number } | undefined {
  const match = FRONT_MATTER.exec(text);
  if (!match) return undefined;
  const frontMatter = match[1]!;
  const bodyLine = match[0].split("\n").length + (match[0].endsWith("\n") ? 0 : 1);
  return { frontMatter, body: text.slice(match[0].length), bodyLine };
}

/** The result of reading a notice: the notice when it is valid, and every problem found. */
export interface NoticeResult {
  notice?: Notice;
  problems: Problem[];
}

/**
 * Parses a notice from its text and collects every problem at once (schema, alt text, empty body).
 * Image files are not touched here; see {@link readNotice}.
 */
export function parseNotice(text: string, file: string): NoticeResult {
  const split = splitFrontMatter(text);
  if (!split) {
    return { problems: [problem("NOTICE_NO_FRONT_MATTER", {}, { location: { file, line: 1 } })] };
  }
  const source = parseYaml(split.frontMatter, file, 1);
  if (source.problems.length > 0) return { problems: unquotedColons(split.frontMatter, file) ?? source.problems };
  const parsed = NoticeFrontMatter.safeParse(source.value ?? {});
  const problems: Problem[] = parsed.success ? [] : zodProblems(parsed.error.issues, source, file, describeNoticeIssue);

  // Alt text is checked on the raw value too, so that one run reports schema and accessibility problems together.
  const rawImages = (source.value as { images?: unknown } | undefined)?.images;
  const dir = path.dirname(file);
  const images: NoticeImage[] = [];
  if (Array.isArray(rawImages)) {
    rawImages.forEach((raw: unknown, index) => {
      const image = raw as { path?: unknown; alt?: unknown } | null;
      if (typeof image?.path !== "string" || image.path === "") return;
      const alt = typeof image.alt === "string" ? image.alt.trim() : "";
      images.push({ file: path.resolve(dir, image.path), path: image.path, alt });
      const altProblem = checkAltText(alt, image.path);
      if (altProblem) {
        problems.push({ ...altProblem, location: { file, line: source.lineOf(["images", index, "alt"]), key: `images.${index}.alt` } });
      }
    });
  }
  if (split.body.trim() === "") {
    problems.push(problem("NOTICE_EMPTY_BODY", {}, { location: { file, line: split.bodyLine } }));
  }
  const bodyCharacters = split.body.length;
  if (bodyCharacters > MAX_BODY_CHARACTERS) {
    problems.push(problem("NOTICE_TOO_LARGE", { what: "body", size: bodyCharacters, max: MAX_BODY_CHARACTERS }, { location: { file, line: split.bodyLine } }));
  }
  // The id names the ledger, the lock and the approvals file: one taken from the file name is held to the
  // same rule as `id:` (a file named `...md` must not give the id `..`).
  const fileId = path.basename(file).replace(/\.[^.]*$/, "");
  const fm = parsed.success ? parsed.data : undefined;
  if (fm && fm.id === undefined && !NOTICE_ID.test(fileId)) {
    problems.push(problem("NOTICE_ID_FROM_FILE_NAME", { name: path.basename(file) }, { location: { file, key: "id" } }));
  }
  if (!fm || problems.length > 0) return { problems };
  return {
    problems,
    notice: {
      id: fm.id ?? fileId,
      file,
      title: fm.title,
      lang: fm.lang,
      link: fm.link,
      hashtags: fm.hashtags,
      images,
      urgent: fm.urgent,
      publishAt: fm.publish_at ? new Date(fm.publish_at) : undefined,
      contentWarning: fm.content_warning,
      channels: fm.channels,
      overrides: fm.overrides,
      author: fm.author,
      correctionNote: fm.correction_note,
      draft: fm.draft,
      body: split.body,
      frontMatter: split.frontMatter,
      bodyLine: split.bodyLine,
    },
  };
}

/** `title: Straßensperrung: Hauptstraße`: a plain value with ': ' in it, which YAML cannot read. */
const UNQUOTED_COLON = /^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):[ \t]+([^\s"'[\]{}|>&*!%@`#][^\n]*?:[ \t][^\n]*?)[ \t]*$/;

/**
 * When the front matter cannot be read only because of values with an unquoted ': ' (common in German
 * headlines), one problem per such line with the quoted line to paste, instead of the parser's errors
 * that follow from it. Undefined when quoting them does not make the YAML readable.
 */
function unquotedColons(frontMatter: string, file: string): Problem[] | undefined {
  const lines = frontMatter.split("\n");
  const found: Problem[] = [];
  const fixed = lines.map((line, index) => {
    const match = UNQUOTED_COLON.exec(line.replace(/\r$/, ""));
    if (!match) return line;
    const [, indent, key, value] = match;
    const quoted = `${key}: "${value!.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
    found.push(problem("YAML_COLON_UNQUOTED", { key: key!, quoted }, { location: { file, line: index + 2, key: key! } }));
    return indent + quoted;
  });
  if (found.length === 0 || parseYaml(fixed.join("\n"), file, 1).problems.length > 0) return undefined;
  return found;
}

/**
 * The accessibility gate for alt text (blocking): present, not the file name, at least 10 characters.
 */
export function checkAltText(alt: string, imagePath: string): Omit<Problem, "location"> | undefined {
  if (alt === "") return explain("NOTICE_IMAGE_ALT_MISSING", { path: imagePath });
  const base = path.basename(imagePath);
  const stem = base.replace(/\.[^.]*$/, "");
  if (alt === base || alt === stem || alt === imagePath) {
    return explain("NOTICE_IMAGE_ALT_FILENAME", { path: imagePath });
  }
  if ([...new Intl.Segmenter().segment(alt)].length < 10) {
    return explain("NOTICE_IMAGE_ALT_TOO_SHORT", { path: imagePath });
  }
  return undefined;
}

function describeNoticeIssue(issue: $ZodIssue, key: string, input: unknown): Omit<Problem, "location"> {
  if (issue.code === "unrecognized_keys") {
    // The keys known where the unknown one is: the front matter's, an image's or an override's.
    const shape = issue.path[0] === "images" ? NoticeImage.shape : issue.path[0] === "overrides" ? NoticeOverride.shape : NoticeFrontMatter.shape;
    return explain("NOTICE_UNKNOWN_KEY", { keys: issue.keys, suggestion: closest(issue.keys[0]!, Object.keys(shape)) });
  }
  if (key === "title" && issue.code === "invalid_type" && input === undefined) {
    return explain("NOTICE_TITLE_MISSING", {});
  }
  return explain("NOTICE_INVALID_VALUE", { key, reason: valueReason(issue, input) });
}

/** Reads and parses a notice file, and checks that its image files exist. Never throws for bad input. */
export async function readNotice(file: string): Promise<NoticeResult> {
  const absolute = path.resolve(file);
  const read = await readNoticeText(file);
  if ("problem" in read) return { problems: [read.problem] };
  const { text } = read;
  const result = parseNotice(text, absolute);
  const split = splitFrontMatter(text);
  const raw = split ? parseYaml(split.frontMatter, absolute, 1) : undefined;
  const rawImages = (raw?.value as { images?: unknown } | undefined)?.images;
  if (Array.isArray(rawImages)) {
    await Promise.all(
      rawImages.map(async (image: { path?: unknown } | null, index) => {
        if (typeof image?.path !== "string" || image.path === "") return;
        const info = await stat(path.resolve(path.dirname(absolute), image.path)).catch(() => undefined);
        if (!info?.isFile()) {
          result.problems.push(problem("NOTICE_IMAGE_NOT_FOUND", { path: image.path }, { location: { file: absolute, line: raw!.lineOf(["images", index, "path"]), key: `images.${index}.path` } }));
        }
      }),
    );
  }
  if (result.problems.length > 0) return { problems: result.problems };
  return { ...result, notice: { ...result.notice!, given: file } };
}

/** The notice's path for a command line to paste: as it was given, else absolute (never a bare file name). */
export function pastablePath(notice: Pick<Notice, "file" | "given">): string {
  const given = notice.given ?? notice.file;
  return /[^\w./@+-]/.test(given) ? `'${given.replace(/'/g, "'\\''")}'` : given;
}

/**
 * The text of a notice file, or the problem why it is not read: only a regular file (never a FIFO, which
 * would hang the run, or a device such as /dev/zero, which never ends) of at most {@link MAX_NOTICE_BYTES}.
 * Opened without blocking, so a FIFO is recognised instead of waiting for a writer.
 */
export async function readNoticeText(file: string): Promise<{ text: string } | { problem: Problem }> {
  let handle;
  try {
    handle = await open(path.resolve(file), constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { problem: problem("NOTICE_NOT_FOUND", { file, reason: (error as NodeJS.ErrnoException).code ?? String(error) }, { location: { file } }) };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { problem: problem("NOTICE_NOT_A_FILE", { file }, { location: { file } }) };
    if (info.size > MAX_NOTICE_BYTES) return { problem: problem("NOTICE_TOO_LARGE", { what: "file", size: info.size, max: MAX_NOTICE_BYTES }, { location: { file } }) };
    // One byte more than the file has: a file that grows past the limit while it is read is still caught.
    const buffer = Buffer.allocUnsafe(info.size + 1);
    let bytesRead = 0;
    while (bytesRead < buffer.length) {
      const { bytesRead: n } = await handle.read(buffer, bytesRead, buffer.length - bytesRead, bytesRead);
      if (n === 0) break;
      bytesRead += n;
    }
    if (bytesRead > MAX_NOTICE_BYTES) return { problem: problem("NOTICE_TOO_LARGE", { what: "file", size: bytesRead, max: MAX_NOTICE_BYTES }, { location: { file } }) };
    return { text: buffer.subarray(0, bytesRead).toString("utf8") };
  } catch (error) {
    return { problem: problem("NOTICE_NOT_FOUND", { file, reason: (error as NodeJS.ErrnoException).code ?? String(error) }, { location: { file } }) };
  } finally {
    await handle.close();
  }
}

/** Like {@link readNotice}, but throws InvalidInputError with every problem. */
export async function loadNotice(file: string): Promise<Notice> {
  const { notice, problems } = await readNotice(file);
  if (!notice) throw new InvalidInputError(problems);
  return notice;
}

/** node:crypto, loaded on first use: it costs a few ms to load, and preview and validate never hash. */
let cryptoModule: typeof import("node:crypto") | undefined;
function crypto(): typeof import("node:crypto") {
  return (cryptoModule ??= createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto"));
}

/**
 * Hash of the notice's exact content: front matter, body and image bytes.
 * A change to any of them changes the hash (used for "changed since published" and approvals).
 */
export async function contentHash(notice: Notice): Promise<string> {
  const hash = crypto().createHash("sha256");
  hash.update(notice.frontMatter).update("\0").update(notice.body);
  for (const image of notice.images) hash.update("\0").update(await readFile(image.file));
  return `sha256:${hash.digest("hex")}`;
}
