/**
 * Markdown → a small document model of blocks and inline runs, from an mdast tree
 * (mdast-util-from-markdown with GFM: autolinked bare URLs, lists, strikethrough, tables).
 *
 * Emphasis is dropped (its text kept); nothing becomes Unicode "bold" letters.
 */
import type { DroppedMarkdown } from "../messages.js";
import type { Nodes, Parent, PhrasingContent, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

/** A run of inline content: text, or a link with its visible text and its target. */
export type Inline = { type: "text"; value: string } | { type: "link"; text: string; url: string };

/** Marks a Markdown hard line break until lines are split (U+2028 LINE SEPARATOR never survives). */
const HARD_BREAK = "\u2028";

/** A block is one or more lines; paragraphs and headings have one, lists one per item. */
export interface Block {
  kind: "paragraph" | "heading" | "list";
  lines: Inline[][];
}

export interface MarkdownDocument {
  blocks: Block[];
  /** Things in the Markdown that cannot be carried over (images, raw HTML); the catalogue words them. */
  dropped: DroppedMarkdown[];
}

/** Parses Markdown into blocks. */
export function parseMarkdown(markdown: string): MarkdownDocument {
  const tree: Root = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const dropped: DroppedMarkdown[] = [];
  const blocks: Block[] = [];
  for (const node of tree.children) collectBlocks(node, blocks, dropped, "");
  return { blocks: blocks.filter((b) => b.lines.some((line) => line.length > 0)), dropped };
}

function collectBlocks(node: RootContent, blocks: Block[], dropped: DroppedMarkdown[], indent: string): void {
  switch (node.type) {
    case "paragraph":
    case "heading":
      blocks.push({ kind: node.type, lines: splitHardBreaks(inlines(node.children, dropped)) });
      return;
    case "list": {
      const lines: Inline[][] = [];
      collectList(node, lines, dropped, indent);
      blocks.push({ kind: "list", lines });
      return;
    }
    case "blockquote":
      for (const child of node.children) collectBlocks(child, blocks, dropped, indent);
      return;
    case "code":
      blocks.push({ kind: "paragraph", lines: node.value.split("\n").map((value) => [{ type: "text", value }]) });
      return;
    case "table":
      blocks.push({
        kind: "list",
        lines: node.children.map((row) =>
          row.children.flatMap((cell, i) => [...(i > 0 ? [{ type: "text" as const, value: " | " }] : []), ...inlines(cell.children, dropped)]),
        ),
      });
      return;
    case "html":
      dropped.push({ kind: "html", start: node.value.slice(0, 40) });
      return;
    case "thematicBreak":
    case "definition":
    case "footnoteDefinition":
      return;
    default:
      if ("children" in node) for (const child of (node as Parent).children) collectBlocks(child as RootContent, blocks, dropped, indent);
  }
}

function collectList(list: Extract<Nodes, { type: "list" }>, lines: Inline[][], dropped: DroppedMarkdown[], indent: string): void {
  list.children.forEach((item, index) => {
    const marker = list.ordered ? `${(list.start ?? 1) + index}. ` : "- ";
    const check = item.checked === true ? "[x] " : item.checked === false ? "[ ] " : "";
    let first = true;
    for (const child of item.children) {
      if (child.type === "list") {
        collectList(child, lines, dropped, indent + "  ");
        continue;
      }
      const nested: Block[] = [];
      collectBlocks(child, nested, dropped, indent);
      for (const block of nested) {
        for (const line of block.lines) {
          const prefix = first ? indent + marker + check : indent + " ".repeat(marker.length);
          lines.push([{ type: "text", value: prefix }, ...line]);
          first = false;
        }
      }
    }
  });
}

function inlines(children: PhrasingContent[], dropped: DroppedMarkdown[]): Inline[] {
  const out: Inline[] = [];
  for (const node of children) {
    switch (node.type) {
      case "text":
      case "inlineCode":
        out.push({ type: "text", value: node.value });
        break;
      case "break":
        out.push({ type: "text", value: HARD_BREAK });
        break;
      case "link":
        out.push({ type: "link", text: plainText(node.children), url: node.url });
        break;
      case "linkReference":
        out.push({ type: "text", value: plainText(node.children) });
        break;
      case "image":
      case "imageReference":
        dropped.push({ kind: "image", alt: node.alt ?? "" });
        break;
      case "html":
        dropped.push({ kind: "html", start: node.value.slice(0, 40) });
        break;
      case "footnoteReference":
        break;
      default:
        // emphasis, strong, delete: keep the words, drop the markup.
        if ("children" in node) out.push(...inlines(node.children as PhrasingContent[], dropped));
    }
  }
  return merge(out);
}

function plainText(children: PhrasingContent[]): string {
  return children
    .map((node) => ("value" in node ? node.value : "children" in node ? plainText(node.children as PhrasingContent[]) : ""))
    .join("");
}

/** Joins adjacent text runs. Soft line breaks inside a paragraph become spaces. */
function merge(items: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const item of items) {
    const value = item.type === "text" ? item.value : undefined;
    const last = out.at(-1);
    if (value !== undefined && last?.type === "text") last.value += value;
    else out.push(item.type === "text" ? { ...item } : item);
  }
  for (const item of out) if (item.type === "text") item.value = item.value.replace(/[ \t]*\r?\n[ \t]*/g, " ");
  return out;
}

/** Hard breaks (two spaces or a backslash at line end) start a new line. */
function splitHardBreaks(items: Inline[]): Inline[][] {
  const lines: Inline[][] = [[]];
  for (const item of items) {
    if (item.type !== "text" || !item.value.includes(HARD_BREAK)) {
      lines.at(-1)!.push(item);
      continue;
    }
    item.value.split(HARD_BREAK).forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part.trim() !== "") lines.at(-1)!.push({ type: "text", value: i > 0 ? part.trimStart() : part.trimEnd() });
    });
  }
  return lines;
}
