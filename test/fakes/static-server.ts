/**
 * A static file server for tests that need a public image URL, as Instagram and Threads fetch their media
 * from one (see `GraphFake` and `ThreadsFake` in ./graph.ts, and platforms.md §4 "Public URL requirement").
 *
 * Files under `dir` are served with a Content-Type chosen by their extension; anything else is 404. Every
 * request is recorded, and {@link StaticServer.failWith} makes paths answer with an error status instead,
 * so a test can show what the platform does when it cannot download an image.
 */
import { readFile, stat } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/** Content types by lower-case file extension; other files are sent as application/octet-stream. */
const TYPES: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
};

export interface StaticRequest {
  method: string;
  /** Percent-decoded path, e.g. "/images/a.jpg". */
  path: string;
  /** The status the server answered with (0 when the request was left hanging by {@link StaticServer.delay}). */
  status: number;
}

export interface StaticServer {
  /** Base URL without a trailing slash, e.g. "http://127.0.0.1:41234". */
  url: string;
  /** Every request, in order of arrival. */
  requests: StaticRequest[];
  /**
   * Answer `status` for `path` (or for every path when it is omitted). `failWith(null, path)` clears that
   * path, `failWith(null)` clears every failure. A path-specific setting wins over the global one.
   */
  failWith(status: number | null, path?: string): void;
  /** Wait `ms` before answering `path` (or every path); 0 clears it. Used to provoke download timeouts. */
  delay(ms: number, path?: string): void;
  stop(): Promise<void>;
}

const ALL = "*";

/** Serves the files under `dir` on 127.0.0.1 at a free port. */
export async function startStaticServer(dir: string): Promise<StaticServer> {
  const root = path.resolve(dir);
  const requests: StaticRequest[] = [];
  const failures = new Map<string, number>();
  const delays = new Map<string, number>();

  const server = http.createServer((req, res) => {
    void (async () => {
      const urlPath = decodeURIComponent(new URL(req.url ?? "/", "http://static.invalid").pathname);
      const record: StaticRequest = { method: req.method ?? "GET", path: urlPath, status: 0 };
      requests.push(record);
      const wait = delays.get(urlPath) ?? delays.get(ALL) ?? 0;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const answer = (status: number, headers: Record<string, string>, body: Buffer | string): void => {
        record.status = status;
        res.writeHead(status, headers);
        res.end(req.method === "HEAD" ? undefined : body);
      };
      const failure = failures.get(urlPath) ?? failures.get(ALL);
      if (failure !== undefined) return answer(failure, { "content-type": "text/plain" }, `failing with ${failure}`);
      if (req.method !== "GET" && req.method !== "HEAD") return answer(405, { allow: "GET, HEAD" }, "");
      const file = path.join(root, urlPath);
      if (file !== root && !file.startsWith(root + path.sep)) return answer(404, {}, "not found");
      try {
        if (!(await stat(file)).isFile()) return answer(404, {}, "not found");
        const body = await readFile(file);
        const type = TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
        answer(200, { "content-type": type, "content-length": String(body.length) }, body);
      } catch {
        answer(404, { "content-type": "text/plain" }, "not found");
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failWith(status, filePath) {
      if (status !== null) failures.set(filePath ?? ALL, status);
      else if (filePath === undefined) failures.clear();
      else failures.delete(filePath);
    },
    delay(ms, filePath = ALL) {
      if (ms > 0) delays.set(filePath, ms);
      else delays.delete(filePath);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
