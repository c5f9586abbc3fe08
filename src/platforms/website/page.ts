/**
 * The website's pages as pure functions of stored entries: a notice's page, its retraction and the index
 * of recent notices. Complete, accessible HTML: a language, one h1, landmarks, images with alt text and
 * their size, no JavaScript, readable without CSS, a print style, and microformats2 (`h-entry` with
 * `p-name`, `e-content`, `dt-published`, `u-url`, `p-category`, `u-syndication`) for feed readers,
 * IndieWeb tools and bridges into the fediverse.
 */
import { escapeHtml } from "./html.js";

/** One notice as the site keeps it (`<dir>/<id>/notice.json`): what its page, the index and the feeds show. */
export interface SiteEntry {
  v: 1;
  /** The notice id: the page is `<base_url><id>/`. */
  id: string;
  /** The ledger key of the attempt that wrote it (a re-run of that attempt finds it by this key). */
  key: string;
  url: string;
  title: string;
  lang: string;
  urgent: boolean;
  /** ISO times: first published, and last changed (corrected, retracted). */
  published: string;
  updated: string;
  /** The notice text as an HTML fragment (escaped, see ./html.ts). */
  bodyHtml: string;
  /** The text without markup, for feed summaries. */
  summary: string;
  hashtags: string[];
  author?: string;
  /** Prepared images under `media/`, by content-hash file name. */
  images: { file: string; width: number; height: number; alt: string }[];
  /** The copies on other channels, listed on the page ("Diese Meldung auch auf: …"). */
  copies: { name: string; url: string }[];
  /** When the notice was corrected in place (a visible line on the page). */
  corrected?: string;
  /** When and why the notice was retracted: the page then shows only the retraction. */
  retracted?: { at: string; reason?: string };
}

/** The site as configured. */
export interface Site {
  /** Ends with '/'. */
  baseUrl: string;
  title: string;
  lang: string;
  timeZone: string;
}

interface Words {
  urgent: string;
  published: string;
  corrected: string;
  retracted: string;
  retractedText: (published: string, at: string) => string;
  reason: string;
  alsoOn: string;
  tags: string;
  address: string;
  all: string;
  feeds: string;
  none: string;
  images: string;
  siteTitle: string;
}

const WORDS: Record<"de" | "en", Words> = {
  de: {
    urgent: "Dringende Meldung",
    published: "Veröffentlicht am",
    corrected: "Korrigiert am",
    retracted: "Zurückgezogen",
    retractedText: (published, at) => `Diese Meldung vom ${published} wurde am ${at} zurückgezogen. Sie gilt nicht mehr.`,
    reason: "Grund",
    alsoOn: "Diese Meldung auch auf",
    tags: "Schlagwörter",
    address: "Adresse dieser Meldung",
    all: "Alle Meldungen",
    feeds: "Abonnieren",
    none: "Noch keine Meldungen.",
    images: "Bilder",
    siteTitle: "Aktuelle Meldungen",
  },
  en: {
    urgent: "Urgent notice",
    published: "Published on",
    corrected: "Corrected on",
    retracted: "Retracted",
    retractedText: (published, at) => `This notice of ${published} was retracted on ${at}. It no longer applies.`,
    reason: "Reason",
    alsoOn: "This notice is also on",
    tags: "Tags",
    address: "Address of this notice",
    all: "All notices",
    feeds: "Subscribe",
    none: "No notices yet.",
    images: "Images",
    siteTitle: "Notices",
  },
};

/** The page words for a language (German for `de*`, English otherwise). */
export function wordsFor(lang: string): Words {
  return lang.toLowerCase().startsWith("de") ? WORDS.de : WORDS.en;
}

/** A date as people read it in the site's time zone, e.g. "29. November 2026 um 07:00". */
export function formatDate(iso: string, lang: string, timeZone: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short", timeZone }).format(new Date(iso));
}

/** Readable without it; it only sets a measure, a type size, the urgent and retracted marks and print. */
const STYLE = `
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0 auto; max-width: 42rem; padding: 1rem; color: #1a1a1a; background: #fff; }
a { color: #0b4f9c; }
img { max-width: 100%; height: auto; }
figure { margin: 1rem 0; }
.mark { display: inline-block; padding: 0.2rem 0.6rem; font-weight: bold; color: #fff; background: #a30000; }
.retraction { border: 3px solid #a30000; padding: 0.5rem 1rem; }
.meta, .site-footer { color: #444; }
ul.tags { list-style: none; padding: 0; }
ul.tags li { display: inline; margin-right: 0.5rem; }
@media print {
  body { max-width: none; color: #000; }
  .site-nav, .site-footer { display: none; }
  .mark { color: #000; background: none; border: 2px solid #000; }
  .e-content a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.9em; }
}
`.trim();

function head(o: { lang: string; title: string; canonical: string; root: string; site: Site; description?: string; image?: string }): string {
  const meta = [
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(o.title)}</title>`,
    // No icon to fetch: browsers otherwise ask for /favicon.ico, which the city's site may not have here.
    `<link rel="icon" href="data:,">`,
    `<link rel="canonical" href="${escapeHtml(o.canonical)}">`,
    `<link rel="alternate" type="application/atom+xml" href="${o.root}feed.atom" title="${escapeHtml(o.site.title)} (Atom)">`,
    `<link rel="alternate" type="application/feed+json" href="${o.root}feed.json" title="${escapeHtml(o.site.title)} (JSON Feed)">`,
    `<meta property="og:title" content="${escapeHtml(o.title)}">`,
    `<meta property="og:url" content="${escapeHtml(o.canonical)}">`,
    ...(o.description ? [`<meta name="description" content="${escapeHtml(o.description)}">`, `<meta property="og:description" content="${escapeHtml(o.description)}">`] : []),
    ...(o.image ? [`<meta property="og:image" content="${escapeHtml(o.image)}">`] : []),
    `<style>\n${STYLE}\n</style>`,
  ];
  return `<!DOCTYPE html>\n<html lang="${escapeHtml(o.lang)}">\n<head>\n${meta.join("\n")}\n</head>`;
}

function siteNav(site: Site, root: string): string {
  return `<header class="site-nav">\n<p><a href="${root}">${escapeHtml(site.title)}</a></p>\n</header>`;
}

function siteFooter(root: string, words: Words): string {
  return `<footer class="site-footer">\n<p><a href="${root}">${words.all}</a> · ${words.feeds}: <a href="${root}feed.atom">Atom</a> · <a href="${root}feed.json">JSON Feed</a></p>\n</footer>`;
}

function description(summary: string): string {
  const flat = summary.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 199).trimEnd()}…` : flat;
}

/** The page of one notice (or of its retraction, once retracted), at `<base_url><id>/`. */
export function renderPage(entry: SiteEntry, site: Site): string {
  const words = wordsFor(entry.lang);
  const root = "../";
  const date = (iso: string) => formatDate(iso, entry.lang, site.timeZone);
  const time = (iso: string, cls: string) => `<time class="${cls}" datetime="${escapeHtml(iso)}">${escapeHtml(date(iso))}</time>`;
  const urgent = entry.urgent ? `<p><strong class="mark">${words.urgent}</strong></p>\n` : "";
  const parts: string[] = [];
  if (entry.retracted) {
    parts.push(
      `<header>\n${urgent}<p><strong class="mark">${words.retracted}</strong></p>\n<h1 class="p-name">${escapeHtml(entry.title)}</h1>\n</header>`,
      `<div class="e-content retraction">\n<p>${escapeHtml(words.retractedText(date(entry.published), date(entry.retracted.at)))}</p>` +
        (entry.retracted.reason ? `\n<p>${words.reason}: ${escapeHtml(entry.retracted.reason)}</p>` : "") +
        `\n</div>`,
      `<p class="meta">${words.published} ${time(entry.published, "dt-published")}, ${words.retracted.toLowerCase()}: ${time(entry.retracted.at, "dt-updated")}</p>`,
    );
  } else {
    const byline = entry.author ? ` · <span class="p-author h-card">${escapeHtml(entry.author)}</span>` : "";
    const corrected = entry.corrected ? `\n<p class="meta"><strong>${words.corrected} ${time(entry.corrected, "dt-updated")}</strong></p>` : "";
    parts.push(`<header>\n${urgent}<h1 class="p-name">${escapeHtml(entry.title)}</h1>\n<p class="meta">${words.published} ${time(entry.published, "dt-published")}${byline}</p>${corrected}\n</header>`);
    parts.push(`<div class="e-content">\n${entry.bodyHtml}\n</div>`);
    for (const image of entry.images) {
      parts.push(`<figure>\n<img class="u-photo" src="${root}media/${escapeHtml(image.file)}" alt="${escapeHtml(image.alt)}" width="${image.width}" height="${image.height}">\n</figure>`);
    }
    if (entry.hashtags.length > 0) {
      parts.push(`<section aria-label="${words.tags}">\n<ul class="tags">\n${entry.hashtags.map((tag) => `<li>#<span class="p-category">${escapeHtml(tag)}</span></li>`).join("\n")}\n</ul>\n</section>`);
    }
    if (entry.copies.length > 0) {
      parts.push(`<p>${words.alsoOn}: ${entry.copies.map((c) => `<a class="u-syndication" href="${escapeHtml(c.url)}">${escapeHtml(c.name)}</a>`).join(" · ")}</p>`);
    }
  }
  parts.push(`<p class="meta">${words.address}: <a class="u-url" href="${escapeHtml(entry.url)}">${escapeHtml(entry.url)}</a></p>`);
  const title = `${entry.retracted ? `${words.retracted}: ` : entry.urgent ? `${words.urgent}: ` : ""}${entry.title} – ${site.title}`;
  const image = entry.retracted ? undefined : entry.images[0] ? new URL(`media/${entry.images[0].file}`, site.baseUrl).href : undefined;
  return [
    head({ lang: entry.lang, title, canonical: entry.url, root, site, description: entry.retracted ? undefined : description(entry.summary), image }),
    `<body>`,
    siteNav(site, root),
    `<main>\n<article class="h-entry">\n${parts.join("\n")}\n</article>\n</main>`,
    siteFooter(root, words),
    `</body>\n</html>\n`,
  ].join("\n");
}

/** The index page (`<base_url>index.html`): the most recent notices, newest first, as an h-feed. */
export function renderIndex(entries: readonly SiteEntry[], site: Site): string {
  const words = wordsFor(site.lang);
  const root = "./";
  const items = entries.map((entry) => {
    const w = wordsFor(entry.lang);
    const mark = entry.retracted ? ` <strong class="mark">${w.retracted}</strong>` : entry.urgent ? ` <strong class="mark">${w.urgent}</strong>` : "";
    const lang = entry.lang === site.lang ? "" : ` lang="${escapeHtml(entry.lang)}"`;
    return (
      `<li class="h-entry"${lang}>\n<h2><a class="u-url p-name" href="${encodeURIComponent(entry.id)}/">${escapeHtml(entry.title)}</a>${mark}</h2>\n` +
      `<p class="meta"><time class="dt-published" datetime="${escapeHtml(entry.published)}">${escapeHtml(formatDate(entry.published, entry.lang, site.timeZone))}</time></p>\n</li>`
    );
  });
  const list = items.length > 0 ? `<ul class="entries">\n${items.join("\n")}\n</ul>` : `<p>${words.none}</p>`;
  return [
    head({ lang: site.lang, title: site.title, canonical: site.baseUrl, root, site }),
    `<body>`,
    `<main class="h-feed">\n<h1 class="p-name">${escapeHtml(site.title)}</h1>\n${list}\n</main>`,
    `<footer class="site-footer">\n<p>${words.feeds}: <a href="${root}feed.atom">Atom</a> · <a href="${root}feed.json">JSON Feed</a></p>\n</footer>`,
    `</body>\n</html>\n`,
  ].join("\n");
}
