/**
 * A small HTTP server base for the platform fakes in this folder.
 *
 * Each fake registers routes; every request is recorded (method, path, query, headers, body) so tests can
 * assert on what arrived. Faults are queued per route and consumed in order, so a test can say
 * "the next POST /api/v1/statuses answers 429 with Retry-After: 1" or "drop the connection after the
 * status was stored" and then read back what the server holds.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Percent-decoded path. */
  path: string;
  /** The path as sent, before percent-decoding. */
  rawPath: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Raw body bytes. */
  body: Buffer;
  /** When the request arrived (ms since the epoch), so tests can check how long a client waited. */
  at: number;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON (`Content-Type: application/json`), strings and Buffers as they are. */
  body?: unknown;
}

/**
 * A fault to apply to the next matching request.
 * - `respond`: answer with this response instead of running the route.
 * - `drop-before`: destroy the socket without running the route (nothing is stored).
 * - `drop-after`: run the route (the state changes), then destroy the socket without answering.
 * - `respond-after`: run the route (the state changes), then answer this response instead of the route's
 *   (a proxy that forwarded the request and then answered 502 itself).
 * - `delay`: wait `ms`, then run the route normally.
 */
export type Fault =
  | { kind: "respond"; response: FakeResponse }
  | { kind: "drop-before" }
  | { kind: "drop-after" }
  | { kind: "respond-after"; response: FakeResponse }
  | { kind: "delay"; ms: number };

export type RouteHandler = (req: RecordedRequest, params: Record<string, string>) => FakeResponse | Promise<FakeResponse>;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
}

interface QueuedFault {
  method: string;
  pattern: RegExp;
  fault: Fault;
}

/** Turns "/api/v1/statuses/:id" into a RegExp with named keys. */
function compile(path: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = path
    .split("/")
    .map((part) => {
      if (part.startsWith(":")) {
        keys.push(part.slice(1));
        return "([^/]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { pattern: new RegExp(`^${source}$`), keys };
}

export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  /** Extra latency added to every request (for benchmarks). */
  latencyMs = 0;
  /**
   * Called with every request once its body arrived, before faults and routes run. Tests use it to kill
   * the client at an exact step of a publish: the request still runs here (the state is stored) while
   * the client is gone, which is the "sent, outcome unknown" case.
   */
  onRequest?: (req: RecordedRequest) => void;
  private readonly routes: Route[] = [];
  private readonly faults: QueuedFault[] = [];
  private server?: http.Server;
  private baseUrl?: string;

  route(method: string, path: string, handler: RouteHandler): this {
    const { pattern, keys } = compile(path);
    this.routes.push({ method: method.toUpperCase(), pattern, keys, handler });
    return this;
  }

  /** Like {@link route}, but ahead of every route registered so far (e.g. before a fake's catch-all routes). */
  routeFirst(method: string, path: string, handler: RouteHandler): this {
    const { pattern, keys } = compile(path);
    this.routes.unshift({ method: method.toUpperCase(), pattern, keys, handler });
    return this;
  }

  /** Queue a fault for the next request matching `method` and `path` (a route pattern such as "/:id/feed"). */
  failNext(method: string, path: string, fault: Fault, times = 1): this {
    const { pattern } = compile(path);
    for (let i = 0; i < times; i++) this.faults.push({ method: method.toUpperCase(), pattern, fault });
    return this;
  }

  /** Requests that matched a method and route pattern. */
  requestsTo(method: string, path: string): RecordedRequest[] {
    const { pattern } = compile(path);
    return this.requests.filter((r) => r.method === method.toUpperCase() && pattern.test(r.path));
  }

  get url(): string {
    if (!this.baseUrl) throw new Error("fake server not started");
    return this.baseUrl;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      // A client killed while its body was still arriving (ECONNRESET): the request never arrived.
      this.handle(req, res).catch(() => req.socket.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const at = Date.now();
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const recorded: RecordedRequest = {
      method: (req.method ?? "GET").toUpperCase(),
      path: decodeURIComponent(url.pathname),
      rawPath: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks),
      at,
    };
    this.requests.push(recorded);
    this.onRequest?.(recorded);
    if (this.latencyMs > 0) await sleep(this.latencyMs);

    const faultIndex = this.faults.findIndex((f) => f.method === recorded.method && f.pattern.test(recorded.path));
    const fault = faultIndex >= 0 ? this.faults.splice(faultIndex, 1)[0]!.fault : undefined;
    if (fault?.kind === "respond") return send(res, fault.response);
    if (fault?.kind === "drop-before") return void req.socket.destroy();
    if (fault?.kind === "delay") await sleep(fault.ms);

    let response: FakeResponse;
    const route = this.routes.find((r) => r.method === recorded.method && r.pattern.test(recorded.path));
    if (!route) {
      response = { status: 404, body: { error: `no route for ${recorded.method} ${recorded.path}` } };
    } else {
      const match = route.pattern.exec(recorded.path)!;
      const params = Object.fromEntries(route.keys.map((k, i) => [k, match[i + 1]!]));
      try {
        response = await route.handler(recorded, params);
      } catch (error) {
        response = { status: 500, body: { error: String(error) } };
      }
    }
    if (fault?.kind === "drop-after") return void req.socket.destroy();
    if (fault?.kind === "respond-after") return send(res, fault.response);
    send(res, response);
  }
}

function send(res: http.ServerResponse, response: FakeResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let body: string | Buffer = "";
  if (Buffer.isBuffer(response.body) || typeof response.body === "string") {
    body = response.body;
  } else if (response.body !== undefined) {
    body = JSON.stringify(response.body);
    headers["content-type"] ??= "application/json; charset=utf-8";
  }
  res.writeHead(response.status, headers);
  res.end(body);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Parses a JSON, urlencoded or multipart body into a flat record of fields (files as Buffers). */
export function parseFields(req: RecordedRequest): Record<string, string | Buffer> {
  const type = String(req.headers["content-type"] ?? "");
  if (type.includes("application/json")) return JSON.parse(req.body.toString("utf8") || "{}");
  if (type.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(req.body.toString("utf8")));
  }
  if (type.includes("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    if (!boundary) throw new Error("multipart body without boundary");
    return parseMultipart(req.body, boundary[1] ?? boundary[2]!);
  }
  return {};
}

/**
 * Multipart fields as they arrived: a text value keeps its line breaks as sent, which is CRLF (the form-data
 * encoding turns every line break of a value into CRLF, as Node's FormData does), and Graph stores them so.
 */
function parseMultipart(body: Buffer, boundary: string): Record<string, string | Buffer> {
  const fields: Record<string, string | Buffer> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after delimiter and before next
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const head = part.subarray(0, headerEnd).toString("utf8");
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/.exec(head)?.[1];
      const isFile = /filename="/.test(head);
      if (name !== undefined) fields[name] = isFile ? Buffer.from(content) : content.toString("utf8");
    }
    start = next;
  }
  return fields;
}
