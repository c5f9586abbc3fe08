/**
 * Publishing to the website: writing the notice's page, the index and the feeds into the folder `dir`
 * (./site.ts), under a lock of the site, since two runs of different notices rebuild the same index.
 *
 * Connecting checks that `base_url` serves what `dir` holds: the served index page must be the one in the
 * folder. When it is not (not deployed yet, deployed elsewhere, an old deploy), connecting warns (`check`
 * and `post` show it); publishing still writes the folder, which reaches readers with the next deploy.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { explain, sentence } from "../../messages.js";
import { PublishError } from "../../problems.js";
import { lockNotice } from "../../state/lock.js";
import type { ConnectContext, Connection, PostToSend, Publisher, Receipt } from "../platform.js";
import { fetchBounded } from "../shared/link-card.js";
import { siteBase, type WebsitePost, type WebsiteSettings } from "./index.js";
import { wordsFor, type SiteEntry } from "./page.js";
import { readEntry, rebuildIndex, writeEntry, writeMedia, type SiteFolder } from "./site.js";

/** How long the deploy check waits for the site. */
const DEPLOY_CHECK_MS = 5_000;
/** The site lock: another run rebuilding the index is waited for (writing a site takes milliseconds). */
const SITE_LOCK = { waitMs: 60_000, staleMs: 10_000 };

/** The publishing side of the `website` platform (./index.ts), loaded by its `publisher()`. */
export const websitePublisher: Publisher<WebsiteSettings, WebsitePost> = { connect, edits: true };

async function connect(ctx: ConnectContext<WebsiteSettings>): Promise<Connection<WebsitePost>> {
  const settings = ctx.channel.settings;
  const base = siteBase(settings);
  const lang = settings.lang ?? "de";
  const folder: SiteFolder = {
    dir: path.resolve(ctx.configDir, settings.dir),
    site: { baseUrl: base, title: settings.title ?? wordsFor(lang).siteTitle, lang, timeZone: settings.time_zone },
    feedEntries: settings.feed_entries,
  };
  const warning = await deployWarning(folder, ctx.signal);

  /** Runs `work` under the site's lock (in the state folder), failing the channel when it cannot write. */
  const locked = async <T>(work: () => Promise<T>): Promise<T> => {
    const release = await lockNotice(ctx.stateDir, `.website-${ctx.channel.name}`, SITE_LOCK);
    try {
      return await work();
    } catch (error) {
      const errno = (error as NodeJS.ErrnoException).code;
      if (typeof errno === "string" && /^E[A-Z]+$/.test(errno)) {
        throw new PublishError({ kind: "permanent", ...explain("WEBSITE_UNWRITABLE", { dir: folder.dir, errno }) });
      }
      throw error;
    } finally {
      await release().catch(() => undefined);
    }
  };
  const receipt = (entry: SiteEntry): Receipt => ({ id: entry.id, url: entry.url });

  return {
    limits: {},
    account: base,
    warnings: warning ? [warning] : [],
    publish: (item, ctx) =>
      locked(async () => {
        const entry = await entryFor(folder, item, ctx.key);
        for (const image of item.images) await writeMedia(folder, image.name, image.data);
        await writeEntry(folder, entry);
        await rebuildIndex(folder);
        return receipt(entry);
      }),
    // `announce correct`: the page is rewritten in place (same address, first publication time and list of
    // copies kept) with a visible "corrected on" line when what it says changed. Repeating it is harmless.
    edit: (published, item) =>
      locked(async () => {
        const entry = await entryFor(folder, item, `${published.id}:${Date.now()}`, { correcting: true });
        for (const image of item.images) await writeMedia(folder, image.name, image.data);
        await writeEntry(folder, entry);
        await rebuildIndex(folder);
      }),
    // An interrupted attempt wrote its entry first: finding it, the index and feeds are completed.
    find: (item, ctx) =>
      locked(async () => {
        const entry = await readEntry(folder, item.post.noticeId);
        if (!entry || entry.key !== ctx.key || entry.retracted) return undefined;
        await writeEntry(folder, entry);
        await rebuildIndex(folder);
        return receipt(entry);
      }),
    remove: (published, _signal, options) =>
      locked(async () => {
        const entry = await readEntry(folder, published.id);
        if (!entry) return; // already gone
        const at = new Date().toISOString();
        // A retraction an interrupted run stored is kept (its time and reason); its page is written again.
        const retracted = entry.retracted ?? (options?.reason ? { at, reason: options.reason } : { at });
        await writeEntry(folder, { ...entry, updated: entry.retracted ? entry.updated : at, copies: [], retracted });
        await rebuildIndex(folder);
      }),
    listCopies: (noticeId, copies) =>
      locked(async () => {
        const entry = await readEntry(folder, noticeId);
        if (!entry || entry.retracted) return;
        if (JSON.stringify(entry.copies) === JSON.stringify(copies)) return;
        await writeEntry(folder, { ...entry, copies });
      }),
  };
}

/**
 * The entry of a post: a new one; the stored one of the same attempt (its first publication time kept); or,
 * over a live page of the notice from another attempt (a correction published over it, a lost ledger), the
 * page with its first publication time and, when what it says changed, a visible "corrected on" line.
 * `correcting` (an edit in place): the page's list of copies on the other channels is kept too.
 */
async function entryFor(folder: SiteFolder, item: PostToSend<WebsitePost>, key: string, options: { correcting?: boolean } = {}): Promise<SiteEntry> {
  const { post } = item;
  const now = new Date().toISOString();
  const earlier = await readEntry(folder, post.noticeId);
  const same = earlier && earlier.key === key && !earlier.retracted;
  const live = earlier && !earlier.retracted ? earlier : undefined;
  const images = item.images.map((image) => ({ file: image.name, width: image.width, height: image.height, alt: image.alt }));
  const says = (e: Pick<SiteEntry, "title" | "bodyHtml" | "images" | "urgent">) => JSON.stringify([e.title, e.bodyHtml, e.images, e.urgent]);
  const corrected = live && !same && says(live) !== says({ ...post, images }) ? now : live?.corrected;
  return {
    v: 1,
    id: post.noticeId,
    key,
    url: post.url,
    title: post.title,
    lang: post.lang,
    urgent: post.urgent,
    published: live ? live.published : now,
    updated: now,
    bodyHtml: post.bodyHtml,
    summary: post.summary,
    hashtags: post.hashtags,
    ...(post.author ? { author: post.author } : {}),
    images,
    copies: same || options.correcting ? (live?.copies ?? []) : [],
    ...(corrected ? { corrected } : {}),
  };
}

/**
 * Whether `base_url` serves what the folder holds: the served index page must equal the folder's. Returns
 * a warning when it does not, or nothing (also when nothing is published yet, so there is nothing to compare).
 */
async function deployWarning(folder: SiteFolder, signal: AbortSignal): Promise<string | undefined> {
  const local = await readFile(path.join(folder.dir, "index.html")).catch(() => undefined);
  if (!local) return undefined;
  const url = new URL("index.html", folder.site.baseUrl).href;
  const hash = (data: Buffer) => createHash("sha256").update(data).digest("hex");
  try {
    // base_url is the config's own, not a notice's: its host may be an intranet or a test server.
    const served = await fetchBounded(url, { timeoutMs: DEPLOY_CHECK_MS, maxBytes: 20_000_000, signal, allowHosts: [new URL(url).hostname], accept: "text/html" });
    if (served.truncated || hash(served.body) !== hash(local)) return sentence("WEBSITE_NOT_DEPLOYED", { url, dir: folder.dir, why: "differs" });
    return undefined;
  } catch (error) {
    return sentence("WEBSITE_NOT_DEPLOYED", { url, dir: folder.dir, why: "unreachable", reason: (error as Error).message });
  }
}
