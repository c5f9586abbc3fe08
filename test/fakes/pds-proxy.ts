/**
 * A reverse proxy (node:http) in front of the real Bluesky PDS, for fault tests. Every request is forwarded
 * (method, path, headers, body) and the PDS's answer sent back (status, headers, body); each request is
 * recorded (method, path, XRPC method, headers, time) so tests can count them. On demand, the NEXT request
 * to one XRPC method (path `/xrpc/<nsid>`) fails instead:
 * - `fail429`: 429 with Retry-After and the PDS's `ratelimit-*` headers (`ratelimit-reset` in epoch seconds);
 *   not forwarded, so nothing is stored;
 * - `fail500`: 500; not forwarded;
 * - `dropAfterStore`: forwarded, the PDS's whole answer read (the record is stored), then the client's
 *   socket destroyed without an answer.
 * - `stallAfterStore`: forwarded (the record is stored), then never answered: the connection stays open
 *   until the client gives up (a stalled PDS or proxy).
 * Error bodies use the XRPC error envelope `{"error": "<Name>", "message": "<text>"}`
 * ({@link https://atproto.com/specs/xrpc#error-responses}).
 *
 * The same proxy counts and fails requests to other servers too (snac2, a fake): a fault's `nsid` is then
 * a path (`/api/v1/statuses`), and `requestsTo` finds requests by path.
 *
 * For deadline tests it can also stop answering altogether: while `mode` says so, EVERY request is
 * - `hang`: read and neither forwarded nor answered (an overloaded instance, a half-open proxy);
 * - `late`: held for `ms`, then forwarded and answered (a server that answers after the deadline);
 * - `drop`: its connection destroyed at once, nothing forwarded.
 * Each request records the mode it met.
 *
 * The one change to answers: in the session methods' answers the DID document names the proxy as the PDS
 * endpoint. `@atproto/api` sends everything after login to the endpoint in the DID document (the PDS's own
 * address), which would bypass the proxy.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export type StallMode = { kind: "pass" } | { kind: "hang" } | { kind: "late"; ms: number } | { kind: "drop" };

export interface ProxiedRequest {
  method: string;
  path: string;
  /** The XRPC method, for paths `/xrpc/<nsid>`. */
  nsid?: string;
  headers: http.IncomingHttpHeaders;
  /** When the request arrived (Date.now()). */
  at: number;
  /** The fault applied to it, if any. */
  fault?: FaultKind;
  /** The {@link StallMode} the proxy was in when it arrived. */
  mode: StallMode["kind"];
}

export type FaultKind = "429" | "500" | "drop-after-store" | "stall-after-store";

const SESSION_METHODS = new Set(["com.atproto.server.createSession", "com.atproto.server.getSession", "com.atproto.server.refreshSession"]);
const HOP_BY_HOP = ["connection", "keep-alive", "transfer-encoding", "te", "upgrade", "proxy-connection", "proxy-authorization", "trailer"];

export class PdsProxy {
  /** Every request is answered, late or never while this says so (see the file comment). */
  mode: StallMode = { kind: "pass" };
  readonly requests: ProxiedRequest[] = [];
  /**
   * Called with every request once its body arrived, before any fault and before it is forwarded. Tests use
   * it to kill the client at that moment: the request is still forwarded (the server stores what it says)
   * while nobody is left to read the answer.
   */
  onRequest?: (req: ProxiedRequest) => void;
  private readonly faults: { nsid: string; kind: FaultKind; retryAfterSeconds: number }[] = [];
  private readonly target: URL;
  private server?: http.Server;
  private baseUrl?: string;

  constructor(target: string) {
    this.target = new URL(target);
  }

  get url(): string {
    if (!this.baseUrl) throw new Error("PDS proxy not started");
    return this.baseUrl;
  }

  /** The next `times` requests to `nsid` answer 429 RateLimitExceeded with Retry-After. */
  fail429(nsid: string, opts: { retryAfterSeconds?: number; times?: number } = {}): this {
    for (let i = 0; i < (opts.times ?? 1); i++) this.faults.push({ nsid, kind: "429", retryAfterSeconds: opts.retryAfterSeconds ?? 1 });
    return this;
  }

  /** The next request to `nsid` answers 500 InternalServerError. */
  fail500(nsid: string): this {
    this.faults.push({ nsid, kind: "500", retryAfterSeconds: 0 });
    return this;
  }

  /** The next request to `nsid` reaches the PDS, but its connection is closed before the answer. */
  dropAfterStore(nsid: string): this {
    this.faults.push({ nsid, kind: "drop-after-store", retryAfterSeconds: 0 });
    return this;
  }

  /** The next request to `nsid` reaches the PDS, but no answer ever comes back. */
  stallAfterStore(nsid: string): this {
    this.faults.push({ nsid, kind: "stall-after-store", retryAfterSeconds: 0 });
    return this;
  }

  requestsTo(nsid: string): ProxiedRequest[] {
    return this.requests.filter((r) => (r.nsid ?? r.path) === nsid);
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const stall = this.mode;
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://proxy.invalid").pathname;
    const nsid = /^\/xrpc\/([^/]+)$/.exec(path)?.[1];
    const entry: ProxiedRequest = { method, path, nsid, headers: req.headers, at: Date.now(), mode: stall.kind };
    if (stall.kind === "drop") {
      this.requests.push(entry);
      return void req.socket.destroy();
    }
    const body = await readAll(req);
    this.requests.push(entry);
    this.onRequest?.(entry);
    if (stall.kind === "hang") return; // open until the client gives up or the proxy stops
    if (stall.kind === "late") await sleep(stall.ms);
    if (req.socket.destroyed) return;
    const index = this.faults.findIndex((f) => f.nsid === (nsid ?? path));
    const fault = index >= 0 ? this.faults.splice(index, 1)[0] : undefined;
    entry.fault = fault?.kind;
    if (fault?.kind === "429") {
      const reset = Math.ceil(Date.now() / 1000) + fault.retryAfterSeconds;
      const headers = { "retry-after": String(fault.retryAfterSeconds), "ratelimit-limit": "5000", "ratelimit-remaining": "0", "ratelimit-reset": String(reset), "ratelimit-policy": "5000;w=3600" };
      return send(res, 429, { error: "RateLimitExceeded", message: "Rate Limit Exceeded" }, headers);
    }
    if (fault?.kind === "500") return send(res, 500, { error: "InternalServerError", message: "Internal Server Error" });

    const session = nsid !== undefined && SESSION_METHODS.has(nsid);
    const headers: http.OutgoingHttpHeaders = { ...req.headers, host: this.target.host };
    for (const name of HOP_BY_HOP) delete headers[name];
    if (req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined) headers["content-length"] = body.length;
    if (session) delete headers["accept-encoding"]; // a plain answer, to rewrite the DID document
    const upstream = await forward(this.target, method, req.url ?? "/", headers, body);
    if (fault?.kind === "drop-after-store") return void req.socket.destroy();
    if (fault?.kind === "stall-after-store") return; // open until the client gives up or the proxy stops

    const out = session && upstream.status === 200 ? this.pdsHere(upstream.body) : upstream.body;
    const answer: http.OutgoingHttpHeaders = { ...upstream.headers };
    for (const name of HOP_BY_HOP) delete answer[name];
    if (method !== "HEAD") answer["content-length"] = out.length;
    res.writeHead(upstream.status, answer);
    res.end(method === "HEAD" ? undefined : out);
  }

  /** The session answer with the proxy as the DID document's `#atproto_pds` endpoint. */
  private pdsHere(body: Buffer): Buffer {
    const data = JSON.parse(body.toString("utf8")) as { didDoc?: { service?: { id?: string; serviceEndpoint?: unknown }[] } };
    for (const service of data.didDoc?.service ?? []) if (service.id?.endsWith("#atproto_pds")) service.serviceEndpoint = this.url;
    return Buffer.from(JSON.stringify(data));
  }
}

function forward(target: URL, method: string, path: string, headers: http.OutgoingHttpHeaders, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname: target.hostname, port: target.port, method, path, headers }, (response) => {
      readAll(response).then((data) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: data }), reject);
    });
    request.on("error", reject);
    request.end(body.length > 0 ? body : undefined);
  });
}

function send(res: http.ServerResponse, status: number, body: { error: string; message: string }, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(json) });
  res.end(json);
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
