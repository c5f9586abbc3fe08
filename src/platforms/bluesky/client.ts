/**
 * Publishing to Bluesky over XRPC with `@atproto/api` (platforms.md §2). Sessions from an app password are
 * saved and resumed, because `createSession` is rate limited
 * ({@link https://docs.bsky.app/docs/advanced-guides/rate-limits}). Each post is an `app.bsky.feed.post`
 * record whose rkey (a TID) the pipeline chose before the first attempt, so that `find` can tell whether an
 * interrupted attempt went through ({@link https://atproto.com/specs/record-key}).
 *
 * @atproto/api is a large library (its lexicons take a while to load): without a session to resume, the
 * login request (`createSession`, which makes the PDS hash the app password) is sent before it loads, with
 * plain fetch, and its answer is handed to the agent as `agent.login` would.
 */
import { explain } from "../../messages.js";
import { ui } from "../../ui-texts.js";
import { PublishError } from "../../problems.js";
import { mkdirSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { AppBskyFeedPost, AtpSessionData, AtpSessionEvent, AtUri, BlobRef, ComAtprotoServerCreateSession, XRPCError } from "@atproto/api";
import { getPdsEndpoint, isValidDidDoc, TID } from "@atproto/common-web";
import writeFileAtomic from "write-file-atomic";
import { prepareImageData } from "../../media/prepare.js";
import type { ImageSpec } from "../../media/spec.js";
import { httpFailure, networkFailure } from "../shared/failure.js";
import { pageBack, sameText } from "../shared/find.js";
import { savedUploads, withoutUploads } from "../shared/uploads.js";
import { fetchBounded, MAX_IMAGE_BYTES, readLinkCard } from "../shared/link-card.js";
import { ensureStateDir } from "../../state/state-dir.js";
import type { BlueskyPost, BlueskySettings } from "./index.js";
import type { ConnectContext, Connection, Publisher, PostToSend, PublishContext, Receipt } from "../platform.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, parseJson, requestSignal } from "../shared/request.js";

const POST = "app.bsky.feed.post";
/** Records per page a search by text reads (listRecords' most), and pages at most (500 posts since the attempt). */
const FIND_LIMIT = 100;
const FIND_PAGES = 5;
/** A link card's picture (`app.bsky.embed.external#external.thumb`): a blob of at most 1,000,000 bytes. */
const THUMB_SPEC: ImageSpec = { formats: ["jpeg"], maxBytes: 1_000_000, maxSide: 1200 };
/** `@handle.domain` after a space, an opening parenthesis or the start (the syntax of atproto handles). */
const MENTION = /(^|[\s(])@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)/gi;

type RichFacet = NonNullable<AppBskyFeedPost.Record["facets"]>[number];
type Embed = AppBskyFeedPost.Record["embed"];

type Atproto = typeof import("@atproto/api");
/** @atproto/api, loaded by the first connect: after a login request is on its way (see `connect`). */
let atproto: Atproto | undefined;

/** What the session file holds: the session, and what it belongs to (a changed config starts afresh). */
interface SavedSession {
  service: string;
  identifier: string;
  session: AtpSessionData;
}

/**
 * The Bluesky publisher. `fetch` replaces the global fetch for every request (the PDS and link cards), so
 * that tests can count or fail requests.
 */
export function createBlueskyPublisher(options: { fetch?: typeof globalThis.fetch } = {}): Publisher<BlueskySettings, BlueskyPost> {
  return { newKey: () => TID.nextStr(), connect: (ctx) => connect(ctx, options.fetch), replies: true };
}

/** The publisher the platform registry loads. */
export const blueskyPublisher: Publisher<BlueskySettings, BlueskyPost> = createBlueskyPublisher();

async function connect(context: ConnectContext<BlueskySettings>, baseFetch: typeof globalThis.fetch = globalThis.fetch): Promise<Connection<BlueskyPost>> {
  const { channel: { name, settings }, secrets, stateDir } = context;
  // Every request (the agent's, link cards') has its own timeout, and while connecting it also watches
  // the connect deadline: the agent's login and resumeSession take no signal of their own.
  let connecting: AbortSignal | undefined = context.signal;
  const fetch = timedFetch(baseFetch, context.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, () => connecting);
  const identifier = settings.identifier.replace(/^@/, "");
  const password = secrets.app_password ?? "";
  const warnings: string[] = [];
  if (!/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/.test(password)) {
    warnings.push(ui().notes.blueskyNotAppPassword);
  }
  const file = path.join(stateDir, "sessions", `${name}.bluesky.json`);
  // The session holds tokens: the state folder's .gitignore must exist before it does (check, --dry-run).
  await ensureStateDir(stateDir);
  const persistSession = (event: AtpSessionEvent, session: AtpSessionData | undefined) => {
    // Called, not awaited, by the agent on login and on every refresh: written synchronously so that no
    // write is lost or reordered. The file is never printed; errors name the file only.
    try {
      if (event === "expired") rmSync(file, { force: true });
      if ((event !== "create" && event !== "update") || !session) return;
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const saved: SavedSession = { service: settings.service, identifier, session };
      writeFileAtomic.sync(file, JSON.stringify(saved), { mode: 0o600 });
    } catch (error) {
      // Also on a refresh while publishing: said through the context, which outlives connecting.
      context.warn(ui().notes.blueskySessionNotSaved(file, (error as NodeJS.ErrnoException).code ?? "error"));
    }
  };
  const saved = await readFile(file, "utf8")
    .then((text) => JSON.parse(text) as SavedSession)
    .catch(() => undefined); // none yet, or unreadable: log in
  const resumable = saved !== undefined && saved.service === settings.service && saved.identifier === identifier && saved.session?.refreshJwt !== undefined;
  // Without a session to resume, the login request goes out first: the PDS checks the password (which
  // takes it a while) while @atproto/api, a large library, loads.
  const early = resumable ? undefined : createSession(fetch, settings.service, identifier, password);
  early?.catch(() => undefined); // awaited below, after the library has loaded
  atproto ??= await import("@atproto/api");
  const { AtpAgent, AtUri, BlobRef, jsonStringToLex, XRPCError } = atproto;
  const agent = new AtpAgent({ service: settings.service, fetch, persistSession });
  const login = async () => {
    try {
      await agent.login({ identifier, password });
    } catch (error) {
      throw loginFailure(error, identifier);
    }
  };

  let signedIn = false;
  if (early) {
    // What agent.login does with the answer: the session, the PDS its DID document names, saved.
    let answer: Awaited<typeof early>;
    try {
      answer = await early;
    } catch (error) {
      throw loginFailure(error, identifier);
    }
    if (!answer.ok) throw loginFailure(new XRPCError(answer.status, answer.body?.error, answer.body?.message, answer.headers), identifier);
    const { data } = answer;
    const session: AtpSessionData = {
      accessJwt: data.accessJwt,
      refreshJwt: data.refreshJwt,
      handle: data.handle,
      did: data.did,
      email: data.email,
      emailConfirmed: data.emailConfirmed,
      emailAuthFactor: data.emailAuthFactor,
      active: data.active ?? true,
      status: data.status,
    };
    agent.sessionManager.session = session;
    const endpoint = isValidDidDoc(data.didDoc) ? getPdsEndpoint(data.didDoc) : undefined;
    agent.sessionManager.pdsUrl = endpoint ? new URL(endpoint) : undefined;
    persistSession("create", session);
    signedIn = true;
  } else if (resumable && saved) {
    try {
      await agent.resumeSession(saved.session); // refreshes the tokens, and so checks them
      signedIn = true;
    } catch (error) {
      // Unreachable, rate limited or failing: logging in would not help. Expired or revoked: log in.
      if (error instanceof XRPCError && (error.status === 1 || error.status === 429 || error.status >= 500)) throw classify(error);
    }
  }
  if (!signedIn) await login();
  const { did, handle } = agent.session!;

  /** Runs a request; when the token is refused even after the agent's own refresh, logs in once and repeats. */
  const call = async <T>(request: () => Promise<T>, create = false): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof XRPCError && (error.status === 401 || ["ExpiredToken", "InvalidToken"].includes(error.error)))) throw classify(error, create);
    }
    await login();
    try {
      return await request();
    } catch (error) {
      throw classify(error, create);
    }
  };
  const upload = async (data: Buffer, encoding: string, signal: AbortSignal): Promise<BlobRef> =>
    (await call(() => agent.com.atproto.repo.uploadBlob(data, { encoding, signal }))).data.blob;
  const receipt = (uri: string, cid: string | undefined): Receipt => {
    const { rkey } = new AtUri(uri);
    return { id: uri, url: `https://bsky.app/profile/${handle}/post/${rkey}`, extra: { ...(cid ? { cid } : {}), rkey } };
  };
  const getRecord = (uri: AtUri, signal: AbortSignal) =>
    call(() =>
      agent.com.atproto.repo
        .getRecord({ repo: uri.host, collection: uri.collection, rkey: uri.rkey }, { signal })
        .catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error))),
    );
  const strongRef = async (of: Receipt, signal: AbortSignal) => {
    const cid = of.extra?.cid ?? (await getRecord(new AtUri(of.id), signal))?.data.cid;
    if (!cid) throw new PublishError({ kind: "permanent", ...explain("REPLY_TARGET_MISSING", { id: of.id }) });
    return { uri: of.id, cid };
  };

  /** Blobs this connection uploaded (as saved in the ledger): used again by a retry without a second thought. */
  const uploadedHere = new Set<string>();

  /** Images, or else a link card for `post.linkCard`; a card that cannot be built is left out. */
  const embedFor = async (item: PostToSend<BlueskyPost>, ctx: PublishContext): Promise<Embed> => {
    if (item.images.length > 0) {
      // Uploaded once per image across retries and re-runs (saved as steps of the attempt). A blob that is
      // not referenced soon is removed by the PDS: createRecord then answers BlobNotFound, and `publish`
      // uploads the images again.
      const blobs = await savedUploads(item.images, ctx, uploadedHere, {
        kind: "blob",
        upload: (image) => (ctx.uploading?.(item.images.indexOf(image), item.images.length), upload(image.data, `image/${image.format}`, ctx.signal)),
        encode: (blob) => JSON.stringify(blob),
        decode: (saved) => {
          // The blob as the ledger holds it (`{"$type":"blob","ref":{"$link":…},…}`), read back into a BlobRef.
          const blob = jsonStringToLex(saved);
          if (!(blob instanceof BlobRef)) throw new Error(`not a saved blob: ${saved}`);
          return blob;
        },
      });
      const images = item.images.map((image, i) => ({ alt: image.alt, image: blobs[i]!, aspectRatio: { width: image.width, height: image.height } }));
      return { $type: "app.bsky.embed.images", images };
    }
    const uri = item.post.linkCard;
    if (!uri) return undefined;
    const deadline = Date.now() + ctx.optionalWorkMs;
    const read = await readLinkCard(uri, { timeoutMs: ctx.optionalWorkMs, signal: ctx.signal, fetch, allowHosts: context.allowHosts });
    if (!("card" in read)) {
      ctx.warn(ui().notes.blueskyNoLinkCard(uri, read));
      return undefined;
    }
    const { card } = read;
    const thumb = card.imageUrl ? await thumbnail(card.imageUrl, deadline - Date.now(), ctx.signal).catch(() => undefined) : undefined;
    return { $type: "app.bsky.embed.external", external: { uri, title: card.title, description: card.description, ...(thumb ? { thumb } : {}) } };
  };
  const thumbnail = async (url: string, timeoutMs: number, signal: AbortSignal): Promise<BlobRef | undefined> => {
    if (timeoutMs <= 0) return undefined;
    const image = await fetchBounded(url, { timeoutMs, maxBytes: MAX_IMAGE_BYTES, signal, fetch, allowHosts: context.allowHosts, accept: "image/*" });
    if (image.truncated) return undefined;
    const thumb = await prepareImageData(image.body, THUMB_SPEC);
    return upload(thumb.data, `image/${thumb.format}`, signal);
  };

  /** Mention facets for `@handle.domain` in the text, only for handles that resolve to a DID (§2 "Facets"). */
  const mentionFacets = async (text: string, taken: RichFacet[], signal: AbortSignal): Promise<RichFacet[]> => {
    const found = [...text.matchAll(MENTION)].map((match) => {
      const byteStart = Buffer.byteLength(text.slice(0, match.index + match[1]!.length));
      return { handle: match[2]!.toLowerCase(), byteStart, byteEnd: byteStart + 1 + Buffer.byteLength(match[2]!) };
    });
    const free = found.filter((m) => !taken.some(({ index }) => m.byteStart < index.byteEnd && index.byteStart < m.byteEnd));
    const resolved = await Promise.all(
      free.map((m) => agent.com.atproto.identity.resolveHandle({ handle: m.handle }, { signal }).then((r) => r.data.did, () => undefined)),
    );
    return free.flatMap((m, i) => (resolved[i] ? [{ index: { byteStart: m.byteStart, byteEnd: m.byteEnd }, features: [{ $type: "app.bsky.richtext.facet#mention", did: resolved[i] }] }] : []));
  };

  /** Makes the post's record with the chosen record key: facets, embed (images or link card), reply. */
  const createPost = async (item: PostToSend<BlueskyPost>, ctx: PublishContext): Promise<Receipt> => {
    const facets: RichFacet[] = item.post.facets.map((facet) => ({
      index: { byteStart: facet.byteStart, byteEnd: facet.byteEnd },
      features: [facet.kind === "link" ? { $type: "app.bsky.richtext.facet#link", uri: facet.value } : { $type: "app.bsky.richtext.facet#tag", tag: facet.value }],
    }));
    const optional = AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.optionalWorkMs)]);
    const [embed, mentions] = await Promise.all([embedFor(item, ctx), mentionFacets(item.post.text, facets, optional)]);
    const all = [...facets, ...mentions].sort((a, b) => a.index.byteStart - b.index.byteStart);
    const { langs } = item.post;
    const parent = ctx.replyTo;
    const record: AppBskyFeedPost.Record = {
      $type: POST,
      text: item.post.text,
      createdAt: new Date().toISOString(),
      ...(langs && langs.length > 0 ? { langs } : {}),
      ...(all.length > 0 ? { facets: all } : {}),
      ...(embed ? { embed } : {}),
      ...(parent ? { reply: { root: await strongRef(ctx.root ?? parent, ctx.signal), parent: await strongRef(parent, ctx.signal) } } : {}),
    };
    const created = await call(() => agent.com.atproto.repo.createRecord({ repo: did, collection: POST, rkey: ctx.key, record }, { signal: ctx.signal }), true);
    return receipt(created.data.uri, created.data.cid);
  };

  connecting = undefined;
  return {
    limits: {},
    account: handle,
    warnings,
    async publish(item, ctx) {
      try {
        return await createPost(item, ctx);
      } catch (error) {
        // Saved blobs the PDS no longer has (not referenced in time): a definite refusal, nothing was made.
        if (!(error instanceof PublishError && /^BlobNotFound\b/.test(error.platformMessage ?? "") && ctx.progress)) throw error;
        return createPost(item, { ...ctx, progress: withoutUploads(ctx.progress, "blob") });
      }
    },
    async find(item, ctx) {
      if (!ctx.unkeyed) {
        const found = await getRecord(new AtUri(`at://${did}/${POST}/${ctx.key}`), ctx.signal);
        return found && receipt(found.data.uri, found.data.cid);
      }
      // The record key is lost with the ledger: the account's posts, newest first (record keys are TIDs,
      // which grow with time), by text, reply target and time.
      // https://docs.bsky.app/docs/api/com-atproto-repo-list-records
      type Listed = { uri: string; cid: string; value: Partial<AppBskyFeedPost.Record> };
      const found = await pageBack<Listed, string>({
        label: "Bluesky",
        since: ctx.since,
        maxPages: FIND_PAGES,
        page: async (cursor) => {
          const { data } = await call(() => agent.com.atproto.repo.listRecords({ repo: did, collection: POST, limit: FIND_LIMIT, ...(cursor ? { cursor } : {}) }, { signal: ctx.signal }));
          const items = data.records as Listed[];
          return { items, next: items.length > 0 ? data.cursor : undefined };
        },
        created: (r) => r.value.createdAt,
        matches: (r) => sameText(r.value.text, item.post.text) && r.value.reply?.parent.uri === ctx.replyTo?.id,
      });
      return found && receipt(found.uri, found.cid);
    },
    async remove(published, signal) {
      const uri = new AtUri(published.id);
      await call(() =>
        agent.com.atproto.repo
          .deleteRecord({ repo: uri.host, collection: uri.collection, rkey: uri.rkey }, { signal })
          .catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error))),
      );
    },
  };
}

/**
 * A fetch whose every request ends by `timeoutMs` at the latest, and also when `also()` (the connect
 * deadline, while connecting) aborts. The caller's own signal (on the Request or in `init`) still counts.
 */
function timedFetch(base: typeof globalThis.fetch, timeoutMs: number, also: () => AbortSignal | undefined): typeof globalThis.fetch {
  return (input, init) => {
    const signals = [input instanceof Request ? input.signal : undefined, init?.signal ?? undefined, also()].filter((s): s is AbortSignal => s !== undefined);
    const signal = requestSignal(signals.length > 0 ? AbortSignal.any(signals) : undefined, timeoutMs);
    return base(input, { ...init, signal });
  };
}

/** An error of @atproto/api's XRPC client (only after a connect has loaded it). */
const isXrpcError = (error: unknown): error is XRPCError => atproto !== undefined && error instanceof atproto.XRPCError;
const isNotFound = (error: unknown) => isXrpcError(error) && error.error === "RecordNotFound";

/** Reads an XRPC failure (platforms.md §2 "Idempotency, retries and rate limits"). */
function classify(error: unknown, create = false): PublishError {
  if (error instanceof PublishError) return error;
  // Status 1: no response (refused, dropped, aborted); the cause is fetch's own error.
  if (!(isXrpcError(error)) || error.status === 1) return networkFailure("Bluesky", isXrpcError(error) ? (error.cause ?? error) : error, { create });
  const platformMessage = error.message && error.message !== error.error ? `${error.error}: ${error.message}` : error.error;
  if (error.status === 2) {
    // The server answered 2xx with a body the client could not read: a create has probably been done.
    return new PublishError({ kind: create ? "unknown" : "transient", ...explain("INVALID_RESPONSE", { via: "bluesky", platformMessage }), platformMessage });
  }
  // An existing rkey is answered with 500 today (indigo #873); atproto PR #4728 makes it an explicit 4xx
  // error. Either way the post may be there: "unknown" makes the pipeline reconcile with find().
  if (create && error.status < 500 && /already.?exists/i.test(platformMessage)) {
    return new PublishError({ kind: "unknown", ...explain("RECORD_EXISTS", { platformMessage }), status: error.status, platformMessage });
  }
  // ratelimit-reset is in epoch seconds (handled by httpFailure).
  return httpFailure("Bluesky", error.status, platformMessage, { get: (header) => error.headers?.[header] ?? null }, { create });
}

function loginFailure(error: unknown, identifier: string): PublishError {
  if (isXrpcError(error) && (error.status === 401 || error.error === "AuthFactorTokenRequired")) {
    return new PublishError({ kind: "permanent", ...explain("AUTH_INVALID", { via: "login", identifier, status: error.status, reason: error.message }), status: error.status, platformMessage: error.message });
  }
  return classify(error);
}

/** What `com.atproto.server.createSession` answered: the session, or the failure as XRPC reports it. */
type CreateSessionAnswer =
  | { ok: true; data: ComAtprotoServerCreateSession.OutputSchema }
  | { ok: false; status: number; body?: { error?: string; message?: string }; headers: Record<string, string> };

/**
 * `com.atproto.server.createSession` with plain fetch
 * ({@link https://docs.bsky.app/docs/api/com-atproto-server-create-session}), the request `agent.login`
 * makes: it can be sent before @atproto/api has loaded. An answer that is not JSON has status 2, as in
 * the XRPC client ("invalid response").
 */
async function createSession(fetch: typeof globalThis.fetch, service: string, identifier: string, password: string): Promise<CreateSessionAnswer> {
  const response = await fetch(new URL("/xrpc/com.atproto.server.createSession", service), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier, password }),
  });
  const body = parseJson(await response.text());
  if (response.ok && typeof body === "object" && body !== null) return { ok: true, data: body as ComAtprotoServerCreateSession.OutputSchema };
  return { ok: false, status: response.ok ? 2 : response.status, body: body as { error?: string; message?: string } | undefined, headers: Object.fromEntries(response.headers) };
}
