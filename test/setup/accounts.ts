/**
 * Helpers for tests against the real servers of global-setup.ts: fresh Bluesky accounts, and reading back
 * what was published (Bluesky records, snac statuses) straight from the servers.
 */
import { randomBytes } from "node:crypto";
import { AtpAgent, type AppBskyFeedPost } from "@atproto/api";

export interface BlueskyAccount {
  /** e.g. "smoke3f9a1c2b.test" */
  handle: string;
  did: string;
  /** The account's main password. */
  password: string;
  /** An app password ("xxxx-xxxx-xxxx-xxxx"), what users give the tool. */
  appPassword: string;
}

export interface BlueskyPostRecord {
  /** at://did/app.bsky.feed.post/rkey */
  uri: string;
  cid: string;
  value: AppBskyFeedPost.Record;
}

/**
 * Creates a fresh account on the PDS and an app password for it.
 * The PDS allows 3-18 characters before ".test", so `prefix` is cut to 8 (letters and digits only)
 * and followed by 8 random hex digits.
 */
export async function createBlueskyAccount(pdsUrl: string, prefix = "user"): Promise<BlueskyAccount> {
  const name = (prefix.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 8) || "user") + randomBytes(4).toString("hex");
  const handle = `${name}.test`;
  const password = randomBytes(12).toString("base64url");
  const agent = new AtpAgent({ service: pdsUrl });
  const created = await agent.createAccount({ handle, email: `${name}@example.com`, password });
  const appPassword = await agent.com.atproto.server.createAppPassword({ name: "announce-tests" });
  return { handle, did: created.data.did, password, appPassword: appPassword.data.password };
}

/** All `app.bsky.feed.post` records of a repo, oldest first (by rkey, i.e. TID order). No login needed. */
export async function readBlueskyPosts(pdsUrl: string, did: string): Promise<BlueskyPostRecord[]> {
  const agent = new AtpAgent({ service: pdsUrl });
  const posts: BlueskyPostRecord[] = [];
  let cursor: string | undefined;
  do {
    // listRecords answers newest first unless reverse is set.
    const page = await agent.com.atproto.repo.listRecords({
      repo: did,
      collection: "app.bsky.feed.post",
      limit: 100,
      reverse: true,
      cursor,
    });
    for (const record of page.data.records) {
      // The PDS validated the record against the lexicon when it was written.
      posts.push({ uri: record.uri, cid: record.cid, value: record.value as AppBskyFeedPost.Record });
    }
    cursor = page.data.records.length > 0 ? page.data.cursor : undefined;
  } while (cursor);
  return posts;
}

/** A media attachment as snac2 returns it inside a status. */
export interface SnacMediaAttachment {
  /** Not the id from POST /api/v2/media: snac names attachments "<status uri>_<index>". */
  id: string;
  type: string;
  url: string;
  preview_url: string;
  remote_url: string;
  /** The alt text. */
  description: string | null;
}

/** The fields of a status (Mastodon API, snake_case JSON as snac2 sends it) that the tests look at. */
export interface SnacStatus {
  id: string;
  uri: string;
  url: string;
  created_at: string;
  /** HTML rendered by snac (Markdown-ish: **bold**, *italic*, `code`, links, #tags; newlines as <br>). */
  content: string;
  /** snac's extra: the source text as it was posted. */
  text?: string;
  visibility: string;
  /** Always the account's language ("en"): snac ignores the language parameter. */
  language: string | null;
  spoiler_text: string;
  sensitive: boolean;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  media_attachments: SnacMediaAttachment[];
  tags: { name: string; url: string }[];
}

/**
 * A read from snac2 by a test, repeated (up to three times) when the server closed a kept-alive
 * connection just as it was reused ("other side closed"): a GET changes nothing, so asking again is safe.
 */
export async function snacRead(url: URL | string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      const code = ((error as { cause?: { code?: string } }).cause ?? {}).code;
      if (attempt >= 3 || (code !== "UND_ERR_SOCKET" && code !== "ECONNRESET")) throw error;
    }
  }
}

async function snacGet<T>(snacUrl: string, token: string, path: string): Promise<T> {
  const response = await snacRead(new URL(path, snacUrl), { headers: { authorization: `Bearer ${token}` } });
  // snac answers errors with HTML pages (or empty bodies), never JSON.
  if (!response.ok) throw new Error(`snac GET ${path}: ${response.status} ${(await response.text()).slice(0, 200)}`);
  return (await response.json()) as T;
}

/**
 * All statuses of the token's own account, oldest first.
 * snac lists newest first, 20 per page by default (it accepts larger limits), paged with max_id and no
 * Link header. Ids are not ordered (a time prefix plus a hash, created_at has whole seconds), so the
 * order comes from the listing itself.
 */
export async function readSnacStatuses(snacUrl: string, token: string): Promise<SnacStatus[]> {
  const me = await snacGet<{ id: string }>(snacUrl, token, "/api/v1/accounts/verify_credentials");
  const newestFirst: SnacStatus[] = [];
  let maxId: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: "40" });
    if (maxId) query.set("max_id", maxId);
    const page = await snacGet<SnacStatus[]>(snacUrl, token, `/api/v1/accounts/${encodeURIComponent(me.id)}/statuses?${query}`);
    if (page.length === 0) break;
    newestFirst.push(...page);
    maxId = page[page.length - 1]!.id;
  }
  return newestFirst.reverse();
}
