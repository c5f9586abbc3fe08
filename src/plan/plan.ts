/**
 * The plan: for one notice, what each selected channel will receive. Rendering is pure; image
 * preparation (sharp) is a separate, optional async step.
 */
import { createHash } from "node:crypto";
import type { Notice } from "../announcement/notice.js";
import type { Config } from "../config/config.js";
import { problem, type DroppedMarkdown } from "../messages.js";
import type { Problem } from "../problems.js";
import type { ImageSource, PreparedImage } from "../media/prepare.js";
import type { ImageSpec } from "../media/spec.js";
import { isPlatformId, platformById, platformIds } from "../platforms/index.js";
import { imageSpecWithin, type Channel, type Limits, type PlannedPost, type PlatformId, type UploadImage } from "../platforms/platform.js";
import { DEFAULT_MAX_THREAD_POSTS } from "../platforms/shared/settings.js";
import { parseMarkdown } from "../render/markdown.js";
import { ui } from "../ui-texts.js";
import { findHashtags, hasPseudoFormatting } from "../render/measure.js";
import { closest } from "../suggest.js";

export interface PlannedImage {
  /** Index into the notice's images. */
  index: number;
  path: string;
  alt: string;
  /** Filled by {@link prepareImages}. */
  prepared?: { format: string; width: number; height: number; bytes: number; changes: string[] };
}

export interface ChannelPlan {
  channel: string;
  platform: PlatformId;
  status: "ready" | "skipped" | "invalid";
  /** Why the channel is skipped. */
  reason?: string;
  /**
   * The posts as the channel's platform rendered them (each its own Post type, e.g. a Mastodon post with its
   * language); the pipeline hands them back to that platform, and its `details(post)` says what else to show.
   */
  posts: PlannedPost[];
  images: PlannedImage[];
  limits: Limits;
  warnings: Problem[];
  problems: Problem[];
}

export interface Plan {
  notice: { id: string; file: string; title: string; lang?: string; urgent: boolean; publishAt?: string; link?: string; draft?: true };
  channels: ChannelPlan[];
  /** Warnings about the notice as a whole (accessibility, dropped Markdown). */
  warnings: Problem[];
  /** Problems that stop publishing anywhere (unknown channel names, …). */
  problems: Problem[];
}

export interface PlanOptions {
  /** `--channel` filters: channel names or platform ids. */
  only?: string[];
  /** Live limits per channel name, from connected servers. */
  limits?: Record<string, Partial<Limits>>;
}

/** Which channels a notice goes to, and problems with the names used. */
export function selectChannels(notice: Notice, config: Config, only: string[] = []): { channels: { channel: Channel; explicit: boolean }[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const known = (name: string) => config.channels.some((c) => c.name === name) || isPlatformId(name);
  const matches = (channel: Channel, names: string[]) => names.includes(channel.name) || names.includes(channel.platform);
  const configured = config.channels.map((c) => c.name);
  const suggestion = (name: string) => closest(name, [...configured, ...new Set(config.channels.map((c) => c.platform))]);

  for (const name of notice.channels ?? []) {
    if (!known(name)) problems.push(problem("NOTICE_UNKNOWN_CHANNEL", { in: "channels", name, configured, suggestion: suggestion(name) }, { location: { file: notice.file, key: "channels" } }));
  }
  for (const name of Object.keys(notice.overrides)) {
    if (!known(name)) problems.push(problem("NOTICE_UNKNOWN_CHANNEL", { in: "overrides", name, configured, suggestion: suggestion(name) }, { location: { file: notice.file, key: `overrides.${name}` } }));
  }
  for (const name of only) {
    if (!known(name)) problems.push(problem("UNKNOWN_CHANNEL", { name, configured, suggestion: suggestion(name) }));
  }
  const channels = config.channels
    .filter((c) => (notice.channels ? matches(c, notice.channels) : true))
    .filter((c) => (only.length > 0 ? matches(c, only) : true))
    .filter((c) => c.settings.enabled !== false)
    .map((channel) => ({ channel, explicit: notice.channels ? matches(channel, notice.channels) : false }));
  if (config.channels.length === 0) problems.push(problem("CONFIG_NO_CHANNELS", {}, { location: { file: config.file, key: "channels" } }));
  else if (channels.length === 0 && problems.length === 0) problems.push(problem("NO_CHANNELS_SELECTED", { configured }));
  return { channels, problems };
}

/**
 * For preview and validate of a config without channels yet (as `announce init` writes it): one channel per
 * platform, named by its id, with the platform's standard limits, so a notice can be checked and seen
 * before any account is set up. Such channels have no secrets and are never connected.
 */
export function everyPlatformWhenEmpty(config: Config): { config: Config; warnings: Problem[] } {
  if (config.channels.length > 0) return { config, warnings: [] };
  // Every social platform with its standard limits; not the website, whose page needs its own settings.
  const channels: Channel[] = platformIds.filter((id) => !platformById(id).canonicalUrl).map((id) => ({ name: id, platform: id, settings: {} }));
  return { config: { ...config, channels }, warnings: [problem("CONFIG_NO_CHANNELS", { shown: "every-platform" }, { location: { file: config.file, key: "channels" } })] };
}

/** Renders a notice for every selected channel. Pure: no network, no image processing. */
export function planNotice(notice: Notice, config: Config, options: PlanOptions = {}): Plan {
  const { channels, problems } = selectChannels(notice, config, options.only);
  notice = withCanonicalLink(notice, config);
  const bodyDocument = parseMarkdown(notice.body);
  const warnings = noticeWarnings(notice, bodyDocument.dropped);
  const lang = notice.lang ?? config.defaults.lang;

  const plans = channels.map(({ channel, explicit }): ChannelPlan => {
    const platform = platformById(channel.platform);
    const limits = { ...platform.defaultLimits(channel.settings), ...options.limits?.[channel.name] };
    const override = { ...notice.overrides[channel.platform], ...notice.overrides[channel.name] };
    const images = notice.images.map((image, index) => ({ index, path: image.path, alt: image.alt }));
    const base = { channel: channel.name, platform: channel.platform, limits, warnings: [] as Problem[], problems: [] as Problem[], posts: [] as PlannedPost[], images: [] as PlannedImage[] };
    if (override.skip) return { ...base, status: "skipped", reason: ui().notes.overrideSkip(notice.overrides[channel.name]?.skip ? channel.name : channel.platform) };
    const result = platform.render({
      notice,
      document: override.text ? parseMarkdown(override.text) : bodyDocument,
      includeTitle: !override.text,
      hashtags: override.hashtags ?? notice.hashtags,
      contentWarning: override.content_warning ?? notice.contentWarning,
      lang,
      channel,
      limits,
      explicit,
    });
    if (result.kind === "skip") return { ...base, status: "skipped", reason: result.reason };
    if (result.kind === "invalid") return { ...base, status: "invalid", problems: result.problems };
    const postProblems = result.posts.flatMap((post, i) =>
      post.length > post.limit
        ? [problem("POST_TOO_LONG", { post: i + 1, channel: channel.name, length: post.length, unit: post.unit, limit: post.limit }, { channel: channel.name })]
        : [],
    );
    const maxPosts = typeof channel.settings.max_thread_posts === "number" ? channel.settings.max_thread_posts : DEFAULT_MAX_THREAD_POSTS;
    if (result.posts.length > maxPosts) postProblems.unshift(problem("THREAD_TOO_LONG", { channel: channel.name, posts: result.posts.length, max: maxPosts }, { location: { file: notice.file }, channel: channel.name }));
    const used = new Set(result.posts.flatMap((p) => p.images));
    return {
      ...base,
      status: postProblems.length > 0 ? "invalid" : "ready",
      posts: result.posts,
      images: images.filter((image) => used.has(image.index)),
      warnings: result.warnings,
      problems: postProblems,
    };
  });
  return {
    notice: { id: notice.id, file: notice.file, title: notice.title, lang, urgent: notice.urgent, publishAt: notice.publishAt?.toISOString(), link: notice.link, ...(notice.draft ? { draft: true as const } : {}) },
    channels: plans,
    warnings,
    problems: [...problems, ...plans.flatMap((p) => p.problems)],
  };
}

/**
 * The notice with its `link` defaulting to the page of its canonical outlet (the website channel it goes
 * to, whatever `--channel` selects, so that every run renders the same text), when it names none itself.
 */
export function withCanonicalLink(notice: Notice, config: Config): Notice {
  if (notice.link !== undefined) return notice;
  for (const { channel } of selectChannels(notice, config).channels) {
    const url = platformById(channel.platform).canonicalUrl?.(channel.settings, notice.id);
    const skipped = notice.overrides[channel.name]?.skip ?? notice.overrides[channel.platform]?.skip;
    if (url !== undefined && !skipped) return { ...notice, link: url };
  }
  return notice;
}

/**
 * The bytes to upload, per channel name and post of a plan, made by {@link prepareImages} with `retain`.
 * A value of the run that made it: the bytes are freed with it.
 */
export type PreparedImages = ReadonlyMap<string, UploadImage[][]>;

/**
 * Prepares every planned image for its platform (sharp), recording format, size and what changed in the
 * plan. With `retain` (publishing: every image is checked before anything is published, and uploaded
 * later) the encoded bytes of the ready channels come back as {@link PreparedImages}; without it (preview,
 * validate) the value is empty and the bytes are freed at once.
 */
export async function prepareImages(
  plan: Plan,
  notice: Notice,
  options: {
    onProgress?: (done: number, total: number) => void;
    /** Keep the encoded bytes for a later upload. */
    retain?: boolean;
    /** Opens an image file; a run publishing to several channels shares one (media/prepare.ts `imageFiles`). */
    open?: (file: string) => Promise<ImageSource>;
  } = {},
): Promise<PreparedImages> {
  const { onProgress, retain = false } = options;
  const openImage = options.open ?? (await import("../media/prepare.js")).openImage;
  const total = plan.channels.reduce((n, c) => n + c.images.length, 0);
  let done = 0;
  // Image by image: each file is decoded once and every channel's variant is made from that decoding;
  // the decoded pixels are freed before the next file (decoded images are large, and peak memory matters
  // more than a few ms here). Without `retain`, only the measurements are kept.
  const uses = new Map<number, { channelPlan: ChannelPlan; image: PlannedImage; spec: ImageSpec }[]>();
  // An image that cannot be prepared is one problem, whatever number of channels it was meant for.
  const unusable = new Map<string, { image: PlannedImage; reason: string; channels: ChannelPlan[] }>();
  for (const channelPlan of plan.channels) {
    const spec = imageSpecWithin(platformById(channelPlan.platform).imageSpec, channelPlan.limits);
    for (const image of channelPlan.images) {
      let list = uses.get(image.index);
      if (!list) uses.set(image.index, (list = []));
      list.push({ channelPlan, image, spec });
    }
  }
  const bytes = new Map<string, Map<number, PreparedImage>>();
  for (const [index, list] of [...uses].sort(([a], [b]) => a - b)) {
    let source: ImageSource | undefined;
    let failure: unknown;
    try {
      source = await openImage(notice.images[index]!.file);
    } catch (error) {
      failure = error;
    }
    for (const { channelPlan, image, spec } of list) {
      onProgress?.(done++, total); // before each image: how many are done
      try {
        if (!source) throw failure;
        const result = await source.prepare(spec);
        image.prepared = { format: result.format, width: result.width, height: result.height, bytes: result.bytes, changes: result.changes };
        if (retain) {
          let channelBytes = bytes.get(channelPlan.channel);
          if (!channelBytes) bytes.set(channelPlan.channel, (channelBytes = new Map()));
          channelBytes.set(image.index, result);
        }
      } catch (error) {
        const reason = (error as Error).message;
        const key = `${image.index}\0${reason}`;
        const found = unusable.get(key) ?? { image, reason, channels: [] };
        found.channels.push(channelPlan);
        unusable.set(key, found);
        channelPlan.status = "invalid";
      }
    }
  }
  const uploads = new Map<string, UploadImage[][]>();
  for (const channelPlan of plan.channels) {
    if (retain && channelPlan.status === "ready") {
      const channelBytes = bytes.get(channelPlan.channel);
      uploads.set(channelPlan.channel, channelPlan.posts.map((post) => post.images.map((index) => uploadImage(channelBytes!.get(index)!, notice.images[index]!.alt))));
    }
  }
  for (const { image, reason, channels } of unusable.values()) {
    const names = channels.map((c) => c.channel);
    const one = names.length === 1 ? { channel: names[0] } : {};
    const found = problem("IMAGE_UNUSABLE", { path: image.path, channels: names, reason }, { location: { file: notice.file, key: `images.${image.index}.path` }, ...one });
    for (const channelPlan of channels) channelPlan.problems.push(found);
    plan.problems.push(found);
  }
  if (total > 0) onProgress?.(total, total);
  return uploads;
}

/** An image ready to upload, named by its content (a re-run uploads a file of the same name). */
function uploadImage(prepared: PreparedImage, alt: string): UploadImage {
  const hash = createHash("sha256").update(prepared.data).digest("hex").slice(0, 20);
  return { data: prepared.data, format: prepared.format, width: prepared.width, height: prepared.height, alt, name: `${hash}.${prepared.format === "jpeg" ? "jpg" : prepared.format}` };
}

function noticeWarnings(notice: Notice, dropped: readonly DroppedMarkdown[]): Problem[] {
  const warnings: Problem[] = [];
  const texts = [notice.title, notice.body, ...Object.values(notice.overrides).map((o) => o.text ?? "")];
  if (texts.some(hasPseudoFormatting)) {
    warnings.push(problem("PSEUDO_FORMATTING", {}, { location: { file: notice.file } }));
  }
  const tags = [...notice.hashtags, ...Object.values(notice.overrides).flatMap((o) => o.hashtags ?? []), ...findHashtags(notice.body).map((h) => h.tag)];
  for (const tag of new Set(tags)) {
    // Long all-lowercase tags are usually several words; screen readers read CamelCase word by word.
    if (tag === tag.toLocaleLowerCase() && /\p{L}/u.test(tag) && [...tag].length >= 10) {
      warnings.push(problem("HASHTAG_NOT_CAMELCASE", { tag }, { location: { file: notice.file, key: "hashtags" } }));
    }
  }
  for (const item of dropped) {
    warnings.push(problem("MARKDOWN_DROPPED", item, { location: { file: notice.file } }));
  }
  return warnings;
}
