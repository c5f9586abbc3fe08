/**
 * What the platforms' `find` share (reconciliation after an interrupted attempt, platform.ts): recognising a
 * post by its text as the platform stores it, and reading an account's listing back, newest first, until it
 * is older than the attempt.
 *
 * A platform does not keep the text byte for byte: Graph stores a multipart caption with the `\r\n` line
 * breaks of the form encoding (Facebook photos), Mastodon answers HTML whose paragraphs and links become
 * spaces, and servers trim. So texts are compared without their whitespace, in Unicode NFC; what else
 * tells one post from another (the reply target, the time since the attempt began) each platform checks.
 * Bluesky and LinkedIn need no text: a post is found by its record key, or named by LinkedIn's duplicate answer.
 */
import { explain } from "../../messages.js";
import { PublishError } from "../../problems.js";
import { madeSince } from "./request.js";

/** A text as it is compared: NFC, without any whitespace (line breaks, spaces, tabs, no-break spaces). */
export function comparableText(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, "");
}

/** Whether a text a platform holds is the text that was planned, whatever the platform did to its whitespace. */
export function sameText(stored: string | null | undefined, planned: string): boolean {
  return typeof stored === "string" && comparableText(stored) === comparableText(planned);
}

/** One page of a listing, newest first, and how to ask for the next (older) one; none at the end. */
export interface ListingPage<Item, Cursor> {
  items: readonly Item[];
  next?: Cursor;
}

export interface PageBackOptions<Item, Cursor> {
  /** "Mastodon", "Facebook", …: starts the message when the listing is too long to read. */
  label: string;
  /** When the attempt began (`ctx.since`). */
  since: Date;
  /** Reads a page: the newest with no cursor, else the one the cursor names. */
  page(cursor: Cursor | undefined): Promise<ListingPage<Item, Cursor>>;
  /** When an item was made, as the platform says it. */
  created(item: Item): string | Date | undefined;
  /** The post looked for (its time is checked here too: only posts made since the attempt count). */
  matches(item: Item): boolean;
  /** Pages read at most before giving up (not knowing is never "not there"). */
  maxPages: number;
}

/**
 * Reads a listing back, page by page, until the post is found, the listing ends, or a page reaches back
 * before the attempt began (allowing for clock skew, {@link madeSince}): then the post is certainly not
 * there. A listing with more posts since the attempt than `maxPages` hold is not read to its end: that
 * is an unknown outcome (`RECONCILE_INCOMPLETE`), never taken for "not there", so nothing is posted twice.
 */
export async function pageBack<Item, Cursor>(options: PageBackOptions<Item, Cursor>): Promise<Item | undefined> {
  const { since, created, matches } = options;
  let cursor: Cursor | undefined;
  for (let read = 0; read < options.maxPages; read++) {
    const { items, next } = await options.page(cursor);
    const found = items.find((item) => madeSince(created(item), since) && matches(item));
    if (found) return found;
    const oldest = items.at(-1);
    if (next === undefined || (oldest !== undefined && !madeSince(created(oldest), since))) return undefined;
    cursor = next;
  }
  // Unknown, so the attempt stays open and a re-run looks again; final, because reading the same listing
  // again in this run would only take as long again and tell no more.
  throw new PublishError({ kind: "unknown", final: true, ...explain("RECONCILE_INCOMPLETE", { platform: options.label, since: since.toISOString(), pages: options.maxPages }) });
}
