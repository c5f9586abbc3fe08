/**
 * The visual preview (`announce preview NOTICE --html`): one self-contained HTML page with, per channel,
 * the posts drawn the way the platform shows them. Links, hashtags and mentions are marked, the link card
 * and the prepared images (as data: URIs, with their alt text visible) are shown in thread order, with the
 * counts and limits, the warnings, and the skipped channels with their reason.
 *
 * The page needs no network and no JavaScript: inline CSS, images embedded. Everything taken from the
 * notice or the config is HTML-escaped.
 */
import type { ChannelPlan, Plan, PlannedImage, PreparedImages } from "../plan/plan.js";
import { platformById } from "../platforms/index.js";
import type { PlannedPost, UploadImage } from "../platforms/platform.js";
import type { Problem } from "../problems.js";
import { findHashtags, findUrls } from "../render/measure.js";
import { formatBytes } from "./preview.js";
import { ui } from "../ui-texts.js";

/** Every word of the page that is not the notice's or a problem's own: the catalogue's (src/ui-texts.ts). */
const labels = () => ui().previewHtml;

/** Renders the plan as one HTML page; `images` are the prepared bytes per channel and post (ready channels). */
export function planHtml(plan: Plan, images: PreparedImages = new Map()): string {
  const channels = plan.channels.map((c, i) => channelSection(c, `channel-${i + 1}`, images.get(c.channel), plan.notice.lang)).join("\n");
  const facts = [
    [labels().id, plan.notice.id],
    ...(plan.notice.lang ? [[labels().lang, plan.notice.lang]] : []),
    ...(plan.notice.publishAt ? [[labels().publishAt, plan.notice.publishAt]] : []),
    ...(plan.notice.urgent ? [[labels().urgent, "✔"]] : []),
  ];
  const general = [...plan.warnings.map((w) => ({ problem: w, kind: "warning" as const })), ...plan.problems.filter((p) => !p.channel).map((p) => ({ problem: p, kind: "error" as const }))];
  const toc = plan.channels
    .map((c, i) => `<li><a href="#channel-${i + 1}">${escape(c.channel)}</a> <span class="muted">(${escape(platformById(c.platform).name)}, ${escape(statusLabel(c.status))})</span></li>`)
    .join("");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(labels().pageTitle(plan.notice.title))}</title>
<style>${CSS}</style>
</head>
<body>
<header class="page">
<p class="eyebrow">${escape(labels().heading)}</p>
<h1${langAttribute(plan.notice.lang)}>${escape(plan.notice.title)}</h1>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${escape(k!)}</dt><dd>${escape(v!)}</dd></div>`).join("")}${
    plan.notice.link ? `<div><dt>${escape(labels().link)}</dt><dd><a href="${escape(plan.notice.link)}">${escape(plan.notice.link)}</a></dd></div>` : ""
  }</dl>
<nav aria-label="${escape(labels().toc)}"><ul class="toc">${toc}</ul></nav>
</header>
<main>
${general.length ? `<section class="messages" aria-labelledby="notice-messages"><h2 id="notice-messages">${escape(labels().noticeMessages)}</h2>${problemList(general)}</section>` : ""}
${channels}
</main>
</body>
</html>
`;
}

function statusLabel(status: ChannelPlan["status"]): string {
  return status === "ready" ? labels().ready : status === "skipped" ? labels().skipped : labels().invalid;
}

function channelSection(c: ChannelPlan, id: string, uploads: UploadImage[][] | undefined, lang: string | undefined): string {
  const platform = platformById(c.platform);
  const head = `<h2 id="${id}-title">${escape(c.channel)} <span class="platform">${escape(platform.name)}</span></h2>`;
  const status = `<p class="status status-${c.status}">${escape(statusLabel(c.status))}${c.status === "skipped" ? "" : ` · ${escape(labels().posts(c.posts.length))}`}</p>`;
  if (c.status === "skipped") {
    return `<section id="${id}" class="channel ${c.platform}" aria-labelledby="${id}-title">${head}${status}<p class="reason"><strong>${escape(labels().skippedBecause)}</strong> ${escape(c.reason ?? "")}</p></section>`;
  }
  const posts = c.posts.map((post, i) => postArticle(c, post, i, uploads?.[i], lang)).join("\n");
  const messages = [...c.warnings.map((w) => ({ problem: w, kind: "warning" as const })), ...c.problems.map((p) => ({ problem: p, kind: "error" as const }))];
  return `<section id="${id}" class="channel ${c.platform}" aria-labelledby="${id}-title">${head}${status}
<ol class="thread">
${posts}
</ol>
${messages.length ? problemList(messages) : ""}
</section>`;
}

function postArticle(c: ChannelPlan, post: PlannedPost, index: number, uploads: UploadImage[] | undefined, lang: string | undefined): string {
  const platform = platformById(c.platform);
  const details = platform.details(post);
  const total = c.posts.length;
  const shown = details.shownText ?? post.text;
  const fields = details.fields ?? {};
  const spoiler = typeof fields.spoiler_text === "string" && fields.spoiler_text !== "" ? fields.spoiler_text : undefined;
  const over = post.length > post.limit;
  const images = post.images
    .map((imageIndex, i) => figure(c.images.find((im) => im.index === imageIndex), uploads?.[i]))
    .join("");
  const card = details.linkCard
    ? `<div class="card"><p class="card-host">${escape(hostOf(details.linkCard))}</p><p class="card-title">${escape(labels().linkCard)}: <a href="${escape(details.linkCard)}">${escape(details.linkCard)}</a></p><p class="muted">${escape(labels().linkCardNote)}</p></div>`
    : "";
  const notes = [
    ...(details.shownText !== undefined ? [labels().sentEscaped] : []),
    ...(c.platform === "instagram" ? [labels().linksNotClickable] : []),
  ];
  return `<li><article class="post" aria-label="${escape(`${c.channel}: ${labels().post(index + 1, total)}`)}">
<header class="post-head"><span class="avatar" aria-hidden="true">${escape(c.channel.slice(0, 1).toUpperCase())}</span><span class="account">${escape(c.channel)}</span><span class="muted">${escape(labels().post(index + 1, total))}</span></header>
${spoiler ? `<p class="cw"><strong>${escape(labels().contentWarning)}</strong> <span${langAttribute(lang)}>${escape(spoiler)}</span></p>` : ""}
<p class="text"${langAttribute(lang)}>${markText(shown, c.platform, details.facets && post.text === shown ? details.facets : undefined)}</p>
${images ? `<div class="images">${images}</div>` : ""}${card}
<footer class="post-foot"><span class="${over ? "count over" : "count"}">${escape(labels().length(post.length, post.limit, post.unit))}${over ? ` · <strong>${escape(labels().overLimit)}</strong>` : ""}</span>${notes.map((n) => `<span class="note">${escape(n)}</span>`).join("")}</footer>
</article></li>`;
}

function figure(image: PlannedImage | undefined, upload: UploadImage | undefined): string {
  if (!image) return "";
  const prepared = image.prepared
    ? `${image.prepared.format.toUpperCase()} ${image.prepared.width}×${image.prepared.height}, ${formatBytes(image.prepared.bytes)}${image.prepared.changes.length ? ` (${image.prepared.changes.join(", ")})` : ""}`
    : labels().notPrepared;
  const picture = upload
    ? `<img src="data:image/${upload.format};base64,${upload.data.toString("base64")}" alt="${escape(image.alt)}" width="${upload.width}" height="${upload.height}">`
    : "";
  return `<figure>${picture}<figcaption><span class="alt"><strong>${escape(labels().alt)}</strong> ${escape(image.alt)}</span><span class="muted">${escape(image.path)} → ${escape(prepared)}</span></figcaption></figure>`;
}

/** A marked range of a post's text: a link (with its target), a hashtag or a mention. */
interface Mark {
  start: number;
  end: number;
  kind: "link" | "tag" | "mention";
  href?: string;
}

const MENTION = /(^|[\s(])(@[\p{L}\p{N}_]+(?:[.@-][\p{L}\p{N}_]+)*)/gu;

/**
 * The text as HTML with its links, hashtags and mentions marked. Bluesky's links are its facets (the text
 * shows a shortened URL or the link's words); elsewhere URLs in the text are links, except on Instagram,
 * where captions have no clickable links.
 */
export function markText(text: string, platform: string, facets?: readonly { byteStart: number; byteEnd: number; kind: string; value: string }[]): string {
  const marks: Mark[] = [];
  if (facets) {
    const bytes = Buffer.from(text, "utf8");
    const offset = (byte: number) => bytes.subarray(0, byte).toString("utf8").length;
    for (const f of facets) marks.push({ start: offset(f.byteStart), end: offset(f.byteEnd), kind: f.kind === "tag" ? "tag" : "link", href: f.kind === "tag" ? undefined : f.value });
  } else if (platform !== "instagram") {
    for (const url of findUrls(text)) marks.push({ start: url.start, end: url.end, kind: "link", href: url.url });
  }
  for (const tag of findHashtags(text)) marks.push({ start: tag.start, end: tag.end, kind: "tag" });
  for (const match of text.matchAll(MENTION)) {
    const start = match.index + match[1]!.length;
    marks.push({ start, end: start + match[2]!.length, kind: "mention" });
  }
  marks.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  let last = 0;
  for (const mark of marks) {
    if (mark.start < last) continue; // inside an earlier mark (a hashtag in a URL's fragment)
    out += escape(text.slice(last, mark.start));
    const inner = escape(text.slice(mark.start, mark.end));
    out += mark.kind === "link" && mark.href ? `<a href="${escape(mark.href)}">${inner}</a>` : `<span class="${mark.kind}">${inner}</span>`;
    last = mark.end;
  }
  return out + escape(text.slice(last));
}

function problemList(items: { problem: Problem; kind: "warning" | "error" }[]): string {
  const li = items
    .map(
      ({ problem, kind }) =>
        `<li class="${kind}"><strong>${escape(kind === "error" ? labels().error : labels().warning)}</strong> <code>${escape(problem.code)}</code> ${escape(problem.message)}${
          problem.hint ? `<br><span class="hint">→ ${escape(problem.hint)}</span>` : ""
        }</li>`,
    )
    .join("");
  return `<ul class="problems" aria-label="${escape(items.some((i) => i.kind === "error") ? labels().problems : labels().warnings)}">${li}</ul>`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function langAttribute(lang: string | undefined): string {
  return lang ? ` lang="${escape(lang)}"` : "";
}

/** HTML-escapes text for element content and double-quoted attribute values. */
export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

// Colours meet WCAG AA contrast (4.5:1) on their backgrounds.
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1f;background:#f3f4f6}
header.page{background:#fff;border-bottom:1px solid #d0d4da;padding:1.25rem 1.5rem}
.eyebrow{margin:0;color:#4b5260;font-size:.875rem;text-transform:uppercase;letter-spacing:.05em}
h1{margin:.25rem 0 .5rem;font-size:1.6rem;line-height:1.25}
.facts{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0}
.facts div{display:flex;gap:.4rem}.facts dt{color:#4b5260}.facts dd{margin:0;overflow-wrap:anywhere}
.toc{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;margin:.75rem 0 0}
main{padding:1rem 1.5rem 2rem;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,28rem),1fr));gap:1.25rem;align-items:start}
section.messages{grid-column:1/-1}
.channel{background:#fff;border:1px solid #d0d4da;border-top:6px solid var(--accent,#4b5260);border-radius:10px;padding:1rem}
.channel h2{margin:0;font-size:1.2rem}
.platform{font-weight:normal;color:#4b5260;font-size:1rem}
.mastodon{--accent:#563acc}.bluesky{--accent:#0a66c2}.facebook{--accent:#1457c2}.instagram{--accent:#b4235f}.linkedin{--accent:#0a5a9c}.threads{--accent:#1b1b1f}
.status{margin:.25rem 0 .75rem;color:#4b5260}
.status-invalid{color:#a4161a;font-weight:bold}
.reason{margin:0}
.thread{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:.75rem}
.thread>li+li{position:relative}
.thread>li+li::before{content:"";position:absolute;left:1.2rem;top:-.75rem;height:.75rem;border-left:3px solid #c2c7cf}
.post{border:1px solid #d0d4da;border-radius:10px;padding:.75rem;background:#fff}
.post-head{display:flex;align-items:center;gap:.5rem;margin-bottom:.5rem}
.avatar{width:2rem;height:2rem;border-radius:50%;background:var(--accent,#4b5260);color:#fff;display:inline-flex;align-items:center;justify-content:center;font-weight:bold}
.account{font-weight:bold}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 .5rem}
.text a,.card a,.facts a,.toc a{color:#0b57a4;text-decoration:underline}
.tag,.mention{color:#0b57a4;font-weight:600}
.cw{background:#fff4d6;border:1px solid #d9b44a;border-radius:6px;padding:.4rem .6rem;margin:0 0 .5rem}
.images{display:grid;gap:.5rem;margin-bottom:.5rem}
figure{margin:0;border:1px solid #d0d4da;border-radius:8px;overflow:hidden;background:#f7f7f8}
figure img{display:block;max-width:100%;height:auto;margin:0 auto}
figcaption{padding:.4rem .6rem;display:flex;flex-direction:column;gap:.15rem;font-size:.9rem}
.card{border:1px solid #d0d4da;border-radius:8px;padding:.5rem .75rem;margin-bottom:.5rem;background:#f7f7f8}
.card p{margin:0}.card-host{color:#4b5260;font-size:.85rem}.card-title{overflow-wrap:anywhere}
.post-foot{display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.875rem;color:#4b5260}
.count.over{color:#a4161a}
.muted{color:#4b5260}
.problems{list-style:none;padding:0;margin:.75rem 0 0;display:flex;flex-direction:column;gap:.4rem}
.problems li{border-left:4px solid #b26b00;background:#fff8e8;padding:.4rem .6rem;border-radius:4px}
.problems li.error{border-left-color:#a4161a;background:#fdecec}
.hint{color:#333842}
code{font-size:.85em}
`;
