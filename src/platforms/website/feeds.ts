/**
 * The site's Atom feed and JSON Feed, made by the `feed` library from the stored entries, newest first.
 * A retracted notice keeps its entry, as a retraction: its title says so, its content is the retraction,
 * and its update time is the retraction's (JSON Feed: `_announce.retracted` too).
 *
 * `feed` writes JSON Feed 1.0 (https://jsonfeed.org/version/1); its output is raised to 1.1
 * (https://www.jsonfeed.org/version/1.1/): `authors` instead of the deprecated `author`, and `language`.
 */
import { Feed, type Item } from "feed";
import { escapeHtml } from "./html.js";
import { wordsFor, formatDate, type Site, type SiteEntry } from "./page.js";

function feedOf(entries: readonly SiteEntry[], site: Site): Feed {
  const updated = entries.reduce((latest, e) => (e.updated > latest ? e.updated : latest), "1970-01-01T00:00:00.000Z");
  const feed = new Feed({
    id: site.baseUrl,
    title: site.title,
    link: site.baseUrl,
    language: site.lang,
    updated: new Date(updated),
    generator: "announce",
    feedLinks: { atom: new URL("feed.atom", site.baseUrl).href, json: new URL("feed.json", site.baseUrl).href },
  });
  for (const entry of entries) feed.addItem(itemOf(entry, site));
  return feed;
}

function itemOf(entry: SiteEntry, site: Site): Item {
  const words = wordsFor(entry.lang);
  const retracted = entry.retracted;
  const content = retracted
    ? `<p>${escapeHtml(words.retractedText(formatDate(entry.published, entry.lang, site.timeZone), formatDate(retracted.at, entry.lang, site.timeZone)))}</p>` +
      (retracted.reason ? `<p>${words.reason}: ${escapeHtml(retracted.reason)}</p>` : "")
    : (entry.urgent ? `<p><strong>${words.urgent}</strong></p>\n` : "") +
      entry.bodyHtml +
      entry.images.map((i) => `\n<p><img src="${escapeHtml(new URL(`media/${i.file}`, site.baseUrl).href)}" alt="${escapeHtml(i.alt)}" width="${i.width}" height="${i.height}"></p>`).join("");
  const title = retracted ? `${words.retracted}: ${entry.title}` : entry.urgent ? `${words.urgent}: ${entry.title}` : entry.title;
  return {
    // Atom's title is HTML (type="html"): escaped here, so "<" in a title stays a character.
    title: escapeHtml(title),
    id: entry.url,
    link: entry.url,
    date: new Date(entry.updated),
    published: new Date(entry.published),
    content,
    ...(retracted ? {} : { description: escapeHtml(entry.summary.slice(0, 500)) }),
    category: entry.hashtags.map((tag) => ({ name: tag, term: tag })),
    ...(entry.author ? { author: [{ name: entry.author }] } : {}),
    ...(retracted ? { extensions: [{ name: "_announce", objects: { retracted: retracted.at, ...(retracted.reason ? { reason: retracted.reason } : {}) } }] } : {}),
  };
}

/** The Atom feed (RFC 4287) of these entries. */
export function atomFeed(entries: readonly SiteEntry[], site: Site): string {
  return feedOf(entries, site).atom1();
}

/** The JSON Feed (version 1.1) of these entries. */
export function jsonFeed(entries: readonly SiteEntry[], site: Site): string {
  const feed = JSON.parse(feedOf(entries, site).json1()) as Record<string, unknown> & { items: (Record<string, unknown> & { author?: unknown; title?: string })[] };
  feed.version = "https://jsonfeed.org/version/1.1";
  feed.language = site.lang;
  for (const [i, item] of feed.items.entries()) {
    if (item.author) item.authors = [item.author];
    delete item.author;
    // JSON Feed titles are plain text: the unescaped title, not the one made for Atom.
    const entry = entries[i]!;
    const words = wordsFor(entry.lang);
    item.title = entry.retracted ? `${words.retracted}: ${entry.title}` : entry.urgent ? `${words.urgent}: ${entry.title}` : entry.title;
    if (item.summary !== undefined) item.summary = entry.summary.slice(0, 500);
    item.language = entry.lang;
  }
  return `${JSON.stringify(feed, null, 2)}\n`;
}
