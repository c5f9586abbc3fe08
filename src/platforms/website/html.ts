/**
 * Markdown → an HTML fragment for the notice's web page, from the same parser as every other channel
 * (mdast-util-from-markdown with GFM). Everything taken from the notice is escaped; only http(s), mailto
 * and tel links become links (anything else stays text), raw HTML and images in the text are left out
 * (the plan warns about both, MARKDOWN_DROPPED), and headings start at h2 because the title is the page's
 * one h1.
 */
import type { Nodes, PhrasingContent, RootContent, TableRow } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Whether a link target is safe to make clickable: http(s), mailto, tel, or a fragment. */
export function safeHref(url: string): boolean {
  if (url.startsWith("#")) return true;
  try {
    return ["http:", "https:", "mailto:", "tel:"].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** The notice body as an HTML fragment. */
export function markdownToHtml(markdown: string): string {
  const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  return tree.children.map(block).filter((html) => html !== "").join("\n");
}

function block(node: RootContent): string {
  switch (node.type) {
    case "paragraph": {
      const html = inline(node.children);
      return html.trim() === "" ? "" : `<p>${html}</p>`;
    }
    case "heading": {
      // The page's h1 is the title: "# X" in the body is a section heading (h2), and so on down to h6.
      const level = Math.min(6, node.depth + 1);
      return `<h${level}>${inline(node.children)}</h${level}>`;
    }
    case "list": {
      const tag = node.ordered ? "ol" : "ul";
      const start = node.ordered && node.start !== null && node.start !== undefined && node.start !== 1 ? ` start="${node.start}"` : "";
      const items = node.children.map((item) => {
        const check = item.checked === true ? "☑ " : item.checked === false ? "☐ " : "";
        // Tight list items hold bare paragraphs: their text goes into the <li> directly.
        const inner = item.children.map((child) => (child.type === "paragraph" && !node.spread ? inline(child.children) : block(child))).join("\n");
        return `<li>${check}${inner}</li>`;
      });
      return `<${tag}${start}>\n${items.join("\n")}\n</${tag}>`;
    }
    case "blockquote":
      return `<blockquote>\n${node.children.map(block).join("\n")}\n</blockquote>`;
    case "code":
      return `<pre><code>${escapeHtml(node.value)}</code></pre>`;
    case "thematicBreak":
      return "<hr>";
    case "table": {
      const [head, ...rows] = node.children;
      const row = (r: TableRow, cell: "th" | "td") => `<tr>${r.children.map((c) => `<${cell}${cell === "th" ? ' scope="col"' : ""}>${inline(c.children)}</${cell}>`).join("")}</tr>`;
      return `<table>\n${head ? `<thead>${row(head, "th")}</thead>\n` : ""}<tbody>\n${rows.map((r) => row(r, "td")).join("\n")}\n</tbody>\n</table>`;
    }
    case "html":
    case "definition":
    case "footnoteDefinition":
      return "";
    default:
      return "children" in node ? (node.children as RootContent[]).map(block).join("\n") : "";
  }
}

function inline(children: PhrasingContent[]): string {
  return children.map(phrasing).join("");
}

function phrasing(node: PhrasingContent): string {
  switch (node.type) {
    case "text":
      return escapeHtml(node.value);
    case "inlineCode":
      return `<code>${escapeHtml(node.value)}</code>`;
    case "break":
      return "<br>";
    case "emphasis":
      return `<em>${inline(node.children)}</em>`;
    case "strong":
      return `<strong>${inline(node.children)}</strong>`;
    case "delete":
      return `<del>${inline(node.children)}</del>`;
    case "link":
      return safeHref(node.url) ? `<a href="${escapeHtml(node.url)}">${inline(node.children)}</a>` : inline(node.children);
    case "linkReference":
      return inline(node.children);
    case "image":
    case "imageReference":
    case "html":
    case "footnoteReference":
      return "";
    default:
      return "children" in node ? inline((node as Nodes & { children: PhrasingContent[] }).children) : "";
  }
}

/** The text of an HTML fragment without its tags (for a feed summary). */
export function plainTextOf(markdown: string): string {
  const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const text = (node: Nodes): string => ("value" in node && node.type !== "html" ? node.value : "children" in node ? (node.children as Nodes[]).map(text).join(node.type === "root" ? "\n\n" : "") : "");
  return text(tree).trim();
}
