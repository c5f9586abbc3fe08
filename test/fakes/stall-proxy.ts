/**
 * A reverse proxy (node:http) in front of any HTTP server (snac2, the PDS, a fake) that can stop
 * answering, for deadline tests. While `mode` says so, every request is:
 * - `pass`: forwarded (method, path, headers with the target's Host, body) and the answer sent back;
 * - `hang`: accepted and read, never answered and never forwarded (an overloaded instance, a half-open proxy);
 * - `late`: held for `ms`, then forwarded and answered (a server that answers after the deadline);
 * - `drop`: its connection destroyed at once, nothing forwarded.
 * Every request is recorded with the mode it met, so tests can tell what reached the proxy.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export type StallMode = { kind: "pass" } | { kind: "hang" } | { kind: "late"; ms: number } | { kind: "drop" };

export interface StalledRequest {
  method: string;
  path: string;
  mode: StallMode["kind"];
}

const HOP_BY_HOP = ["connection", "keep-alive", "transfer-encoding", "te", "upgrade", "proxy-connection", "proxy-authorization", "trailer"];

export class StallProxy {
  mode: StallMode = { kind: "pass" };
  readonly requests: StalledRequest[] = [];
  private readonly target: URL;
  private server?: http.Server;
  private baseUrl?: string;

  constructor(target: string) {
    this.target = new URL(target);
  }

  get url(): string {
    if (!this.baseUrl) throw new Error("stall proxy not started");
    return this.baseUrl;
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
    const mode = this.mode;
    this.requests.push({ method: req.method ?? "GET", path: req.url ?? "/", mode: mode.kind });
    if (mode.kind === "drop") return void req.socket.destroy();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (mode.kind === "hang") return; // the socket stays open until the client gives up or the proxy stops
    if (mode.kind === "late") await sleep(mode.ms);
    if (req.socket.destroyed) return;
    const body = Buffer.concat(chunks);
    const headers: http.OutgoingHttpHeaders = { ...req.headers, host: this.target.host };
    for (const name of HOP_BY_HOP) delete headers[name];
    if (body.length > 0) headers["content-length"] = body.length;
    const upstream = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = http.request({ hostname: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers }, resolve);
      request.on("error", reject);
      request.end(body.length > 0 ? body : undefined);
    });
    const answer: http.OutgoingHttpHeaders = { ...upstream.headers };
    for (const name of HOP_BY_HOP) delete answer[name];
    res.writeHead(upstream.statusCode ?? 502, answer);
    upstream.pipe(res);
  }
}
