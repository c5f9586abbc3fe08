/**
 * Building blocks the platform renderers share: threads for platforms with replies, one cut post for the
 * others, facets in UTF-8 byte offsets, and the warnings every platform gives.
 */
import { problem } from "../messages.js";
import type { Problem } from "../problems.js";
import type { Facet, Limits, PlannedPost, RenderInput } from "./post.js";
import { joinRich, type ComposedText, type RichText } from "./compose.js";
import { utf8Length } from "./measure.js";
import { splitIntoThread, truncateToFit, type Fits } from "./thread.js";

export interface Measure {
  length: (text: string) => number;
  fits: Fits;
  limit: number;
  unit: string;
}

/**
 * A thread: every post fits; images go with the first post. `extra` adds a platform's own fields to each
 * part (its text with spans, and its position in the thread).
 */
export function threadPosts<Extra extends object>(
  composed: ComposedText,
  measure: Measure,
  input: RenderInput<unknown>,
  images: number[],
  extra: (rich: RichText, index: number) => Extra,
): (PlannedPost & Extra)[] {
  const parts = splitIntoThread(joinRich([composed.main, composed.link, composed.tags]), measure.fits, input.lang);
  return parts.map((rich, i) => ({
    text: rich.text,
    length: measure.length(rich.text),
    limit: measure.limit,
    unit: measure.unit,
    images: i === 0 ? images : [],
    ...extra(rich, i),
  }));
}

/** One post; text that does not fit is cut at a sentence with "…" and the canonical link. */
export function singlePost(composed: ComposedText, measure: Measure, input: RenderInput<unknown>, images: number[], warnings: Problem[]): { post: PlannedPost; rich: RichText } {
  const link = input.notice.link ? { text: input.notice.link, spans: [{ start: 0, end: input.notice.link.length, kind: "link" as const, value: input.notice.link }] } : undefined;
  const { text, truncated } = truncateToFit(composed, measure.fits, input.lang, link);
  if (truncated) {
    warnings.push(problem("TEXT_SHORTENED", { limit: measure.limit, unit: measure.unit, channel: input.channel.name }, { channel: input.channel.name }));
  }
  return {
    rich: text,
    post: { text: text.text, length: measure.length(text.text), limit: measure.limit, unit: measure.unit, images },
  };
}

/** Facets for a rich text, with UTF-8 byte offsets as the AT Protocol requires. */
export function facetsOf(rich: RichText): Facet[] {
  return rich.spans.map((span) => {
    const byteStart = utf8Length(rich.text.slice(0, span.start));
    return { byteStart, byteEnd: byteStart + utf8Length(rich.text.slice(span.start, span.end)), kind: span.kind, value: span.value };
  });
}

/**
 * Which images a channel takes (the first `maxImages`), with warnings for dropped images and alt text
 * that is longer than the platform accepts.
 */
export function selectImages(input: RenderInput<unknown>, limits: Limits, warnings: Problem[]): number[] {
  const all = input.notice.images.map((_, i) => i);
  const chosen = all.slice(0, limits.maxImages);
  if (all.length > chosen.length) {
    warnings.push(problem("TOO_MANY_IMAGES", { channel: input.channel.name, max: limits.maxImages, dropped: all.length - chosen.length, total: all.length }, { channel: input.channel.name }));
  }
  if (limits.maxAltLength !== undefined) {
    for (const i of chosen) {
      const image = input.notice.images[i]!;
      if ([...image.alt].length > limits.maxAltLength) {
        warnings.push(problem("ALT_TEXT_TOO_LONG", { path: image.path, max: limits.maxAltLength, channel: input.channel.name }, { channel: input.channel.name }));
      }
    }
  }
  return chosen;
}

/** Measure by UTF-16 code units: a conservative count for platforms that say "characters" without a rule. */
export function characterMeasure(limit: number): Measure {
  return { length: (t) => t.length, fits: (t) => t.length <= limit, limit, unit: "characters" };
}
