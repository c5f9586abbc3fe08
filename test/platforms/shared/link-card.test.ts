/**
 * fetchLinkCard / fetchBounded against a local HTTP server: Open Graph parsing, relative image URLs,
 * redirects, and the bounds (schemes, content type, size, time).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchBounded, fetchLinkCard, parseOpenGraph, readLinkCard, refusedRange } from "../../../src/platforms/shared/link-card.js";

/** The test server listens on loopback: allowed as the config's allow_hosts allows an intranet host. */
const local = { allowHosts: ["127.0.0.1"] };

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const routes = new Map<string, Handler>();
const hits: string[] = [];
let server: http.Server;
let base: string;

const html = (body: string | Buffer, type = "text/html; charset=utf-8"): Handler => (_req, res) => {
  res.writeHead(200, { "content-type": type });
  res.end(body);
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    hits.push(url.pathname);
    const handler = routes.get(url.pathname);
    if (handler) return handler(req, res);
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  routes.set("/article", html(`<!doctype html><html><head><title>Fallback title</title>
    <meta property="og:title" content="Straßenfest &amp; Musik">
    <meta property="og:description" content="  Am Samstag
       auf dem Markt. ">
    <meta property="og:image" content="/images/fest.jpg"></head><body><p>…</p></body></html>`));
  routes.set("/empty", html(`<html><head></head><body><p>Nur Text.</p></body></html>`));
  routes.set("/plain", html(`<html><head><TITLE> Nur ein Titel </TITLE><meta name="Description" content="Beschreibung"></head></html>`));
  routes.set("/latin1", html(Buffer.from('<html><head><meta charset="iso-8859-1"><title>Stra\xdfe</title></head></html>', "latin1"), "text/html"));
  routes.set("/moved", (_req, res) => {
    res.writeHead(301, { location: "/sub/page" });
    res.end();
  });
  routes.set("/sub/page", html(`<meta property="og:title" content="Moved"><meta property="og:image" content="pic.png">`));
  routes.set("/loop", (_req, res) => {
    res.writeHead(302, { location: "/loop" });
    res.end();
  });
  routes.set("/to-file", (_req, res) => {
    res.writeHead(302, { location: "file:///etc/passwd" });
    res.end();
  });
  routes.set("/to-loopback", (_req, res) => {
    res.writeHead(302, { location: `${base}/article` });
    res.end();
  });
  routes.set("/to-metadata", (_req, res) => {
    res.writeHead(301, { location: "http://169.254.169.254/latest/meta-data/iam/security-credentials/" });
    res.end();
  });
  routes.set("/text", html("og:title nothing", "text/plain"));
  routes.set("/image", html("\x89PNG....", "image/png"));
  routes.set("/hang", () => undefined); // never answers
  routes.set("/trickle", (_req, res) => {
    // Headers at once, then a body that never ends.
    res.writeHead(200, { "content-type": "text/html" });
    res.write(`<meta property="og:title" content="Slow">`);
    const timer = setInterval(() => res.write(" "), 50);
    res.on("close", () => clearInterval(timer));
  });
  routes.set("/huge", (_req, res) => {
    // An endless page: the card is in the first bytes, and reading must stop at maxBytes.
    res.writeHead(200, { "content-type": "text/html" });
    res.write(`<head><meta property="og:title" content="Huge"></head><body>`);
    const chunk = "x".repeat(64 * 1024);
    const pump = () => {
      while (res.write(chunk)) {
        if (res.destroyed) return;
      }
    };
    res.on("drain", pump);
    pump();
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("parseOpenGraph", () => {
  it("prefers og tags, decodes entities, collapses white space and resolves a relative image", () => {
    const card = parseOpenGraph(
      `<head><title>T</title><meta property="og:title" content="A &amp; B"><meta property="og:description" content=" x
      y "><meta property="og:image" content="../img/a.png"></head>`,
      "https://example.org/news/2026/item.html",
    );
    expect(card).toEqual({ title: "A & B", description: "x y", imageUrl: "https://example.org/news/img/a.png" });
  });

  it("falls back to <title>, meta description and twitter tags", () => {
    expect(parseOpenGraph(`<title>Titel</title><meta name="description" content="D">`, "https://e.org/")).toEqual({ title: "Titel", description: "D" });
    expect(parseOpenGraph(`<meta name="twitter:title" content="TT"><meta name="twitter:image" content="https://cdn.e.org/i.jpg">`, "https://e.org/")).toEqual({
      title: "TT",
      description: "",
      imageUrl: "https://cdn.e.org/i.jpg",
    });
  });

  it("ignores non-http image URLs and answers undefined for a page that says nothing", () => {
    expect(parseOpenGraph(`<meta property="og:title" content="X"><meta property="og:image" content="javascript:alert(1)">`, "https://e.org/")).toEqual({ title: "X", description: "" });
    expect(parseOpenGraph(`<html><body>Hallo</body></html>`, "https://e.org/")).toBeUndefined();
  });
});

describe("fetchLinkCard", () => {
  it("reads the Open Graph tags of a page and resolves og:image against it", async () => {
    const card = await fetchLinkCard(`${base}/article`, { ...local, timeoutMs: 2000 });
    expect(card).toEqual({ title: "Straßenfest & Musik", description: "Am Samstag auf dem Markt.", imageUrl: `${base}/images/fest.jpg` });
    expect(await fetchLinkCard(`${base}/plain`, { ...local, timeoutMs: 2000 })).toEqual({ title: "Nur ein Titel", description: "Beschreibung" });
  });

  it("decodes a page in the charset it declares", async () => {
    expect((await fetchLinkCard(`${base}/latin1`, { ...local, timeoutMs: 2000 }))?.title).toBe("Straße");
  });

  it("follows redirects and resolves the image against the final URL", async () => {
    expect(await fetchLinkCard(`${base}/moved`, { ...local, timeoutMs: 2000 })).toEqual({ title: "Moved", description: "", imageUrl: `${base}/sub/pic.png` });
  });

  it("gives up after a few redirects, and never follows one to another scheme", async () => {
    hits.length = 0;
    expect(await fetchLinkCard(`${base}/loop`, { ...local, timeoutMs: 2000, maxRedirects: 3 })).toBeUndefined();
    expect(hits.filter((p) => p === "/loop")).toHaveLength(4);
    expect(await fetchLinkCard(`${base}/to-file`, { ...local, timeoutMs: 2000 })).toBeUndefined();
  });

  it("refuses URLs that are not http(s) without fetching anything", async () => {
    const calls: string[] = [];
    const fetch: typeof globalThis.fetch = (input) => {
      calls.push(String(input));
      return Promise.reject(new Error("must not be called"));
    };
    for (const url of ["file:///etc/passwd", "ftp://example.org/", "data:text/html,<title>x</title>", "javascript:alert(1)", "not a url"]) {
      expect(await fetchLinkCard(url, { ...local, timeoutMs: 1000, fetch })).toBeUndefined();
    }
    expect(calls).toEqual([]);
  });

  it("refuses what is not HTML, and pages that fail", async () => {
    expect(await fetchLinkCard(`${base}/text`, { ...local, timeoutMs: 2000 })).toBeUndefined();
    expect(await fetchLinkCard(`${base}/image`, { ...local, timeoutMs: 2000 })).toBeUndefined();
    expect(await fetchLinkCard(`${base}/missing`, { ...local, timeoutMs: 2000 })).toBeUndefined();
    expect(await fetchLinkCard("http://127.0.0.1:1/", { ...local, timeoutMs: 2000 })).toBeUndefined();
  });

  it("stops at the time limit, for a server that never answers and for a body that never ends", async () => {
    for (const path of ["/hang", "/trickle"]) {
      const started = Date.now();
      expect(await fetchLinkCard(`${base}${path}`, { ...local, timeoutMs: 300 })).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(1500);
    }
  });

  it("says why there is no card: refused address or scheme, error status, not a page, no title, no answer in time, unreachable", async () => {
    const read = (url: string, options: { allowHosts?: string[]; timeoutMs?: number } = local) => readLinkCard(url, { timeoutMs: 2000, ...options });
    expect(await read(`${base}/article`, {})).toEqual({ why: "refused", detail: "address" }); // 127.0.0.1 without allow_hosts
    expect(await read("file:///etc/passwd")).toEqual({ why: "refused", detail: "scheme" });
    expect(await read("not a url")).toEqual({ why: "refused", detail: "scheme" });
    expect(await read(`${base}/missing`)).toEqual({ why: "status", detail: "404" });
    expect(await read(`${base}/image`)).toMatchObject({ why: "not-html" });
    expect(await read(`${base}/empty`)).toEqual({ why: "no-metadata" });
    expect(await read(`${base}/hang`, { ...local, timeoutMs: 300 })).toEqual({ why: "timeout" });
    expect(await read("http://127.0.0.1:1/")).toMatchObject({ why: "unreachable" });
    expect(await read(`${base}/article`)).toMatchObject({ card: { title: "Straßenfest & Musik" } });
  });

  it("stops when the caller aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    expect(await fetchLinkCard(`${base}/hang`, { ...local, timeoutMs: 10_000, signal: controller.signal })).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("reads at most maxBytes of an endless page and still finds the card in its head", async () => {
    const started = Date.now();
    expect(await fetchLinkCard(`${base}/huge`, { ...local, timeoutMs: 5000, maxBytes: 200_000 })).toEqual({ title: "Huge", description: "" });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe("fetchBounded", () => {
  it("reports a body longer than maxBytes as truncated, cut at maxBytes", async () => {
    const pulled = { bytes: 0 };
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled.bytes += 1024;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const fetch: typeof globalThis.fetch = () => Promise.resolve(new Response(endless, { headers: { "content-type": "image/png" } }));
    const result = await fetchBounded("https://example.org/big.png", { timeoutMs: 2000, maxBytes: 10_000, fetch, allowHosts: ["example.org"], accept: "image/*" });
    expect(result).toMatchObject({ truncated: true, contentType: "image/png", url: "https://example.org/big.png" });
    expect(result.body.length).toBe(10_000);
    expect(pulled.bytes).toBeLessThan(20_000); // stopped reading, did not drain the stream
  });

  it("returns a small body whole", async () => {
    const result = await fetchBounded(`${base}/article`, { ...local, timeoutMs: 2000, maxBytes: 100_000, accept: "text/html" });
    expect(result.truncated).toBe(false);
    expect(result.body.toString()).toContain("og:title");
  });

  it("throws on HTTP errors", async () => {
    await expect(fetchBounded(`${base}/missing`, { ...local, timeoutMs: 2000, accept: "*/*" })).rejects.toThrow("HTTP 404");
  });
});

describe("addresses a notice's link may not reach", () => {
  const port = () => new URL(base).port;

  it.each([
    ["a cloud metadata address (link-local)", "http://169.254.169.254/latest/meta-data/", /169\.254\.169\.254, a linkLocal address/],
    ["loopback", () => `${base}/article`, /127\.0\.0\.1, a loopback address/],
    ["a name that resolves to loopback", () => `http://localhost:${port()}/article`, /localhost: it resolves to (127\.0\.0\.1|::1), a loopback address/],
    ["IPv6 loopback", () => `http://[::1]:${port()}/article`, /::1, a loopback address/],
    ["IPv4-mapped IPv6 loopback", () => `http://[::ffff:127.0.0.1]:${port()}/article`, /loopback address/],
    ["a private address", "http://10.20.30.40/intranet", /private address/],
    ["a private address (192.168/16)", "https://192.168.178.1/", /private address/],
    ["carrier-grade NAT", "http://100.64.0.7/", /carrierGradeNat address/],
    ["IPv6 unique-local", "http://[fd12:3456::1]/", /uniqueLocal address/],
    ["IPv6 link-local", "http://[fe80::1]/", /linkLocal address/],
    ["the unspecified address", () => `http://0.0.0.0:${port()}/article`, /unspecified address/],
    ["multicast", "http://224.0.0.251/", /multicast address/],
  ])("refuses %s without a request", async (_what, url, message) => {
    hits.length = 0;
    const target = typeof url === "function" ? url() : url;
    await expect(fetchBounded(target, { timeoutMs: 2000, accept: "text/html" })).rejects.toThrow(message);
    expect(await fetchLinkCard(target, { timeoutMs: 2000 })).toBeUndefined();
    expect(hits).toEqual([]);
  });

  it("refuses a redirect from an allowed host to loopback or to the metadata address, after each hop", async () => {
    hits.length = 0;
    const allowHosts = ["localhost"];
    await expect(fetchBounded(`http://localhost:${port()}/to-loopback`, { timeoutMs: 2000, allowHosts, accept: "text/html" })).rejects.toThrow(/127\.0\.0\.1, a loopback address/);
    await expect(fetchBounded(`http://localhost:${port()}/to-metadata`, { timeoutMs: 2000, allowHosts, accept: "text/html" })).rejects.toThrow(/169\.254\.169\.254, a linkLocal address/);
    expect(await fetchLinkCard(`http://localhost:${port()}/to-loopback`, { timeoutMs: 2000, allowHosts })).toBeUndefined();
    // The redirects were asked for; the page behind them never was.
    expect(hits).toEqual(["/to-loopback", "/to-metadata", "/to-loopback"]);
  });

  it("fetches an allowed host, also after a redirect to it", async () => {
    const card = await fetchLinkCard(`http://localhost:${port()}/to-loopback`, { timeoutMs: 2000, allowHosts: ["localhost", "127.0.0.1"] });
    expect(card?.title).toBe("Straßenfest & Musik");
    expect(await fetchLinkCard(`http://LOCALHOST:${port()}/article`, { timeoutMs: 2000, allowHosts: ["localhost"] })).toMatchObject({ title: "Straßenfest & Musik" });
  });

  it("checks the address also where the request is made by a replacement fetch", async () => {
    const calls: string[] = [];
    const fetch: typeof globalThis.fetch = (input) => {
      calls.push(String(input));
      return Promise.resolve(new Response("<title>x</title>", { headers: { "content-type": "text/html" } }));
    };
    await expect(fetchBounded("http://169.254.169.254/", { timeoutMs: 2000, fetch, accept: "text/html" })).rejects.toThrow(/linkLocal/);
    await expect(fetchBounded(`http://localhost:${port()}/`, { timeoutMs: 2000, fetch, accept: "text/html" })).rejects.toThrow(/loopback/);
    expect(calls).toEqual([]);
    expect((await fetchBounded("http://169.254.169.254/", { timeoutMs: 2000, fetch, allowHosts: ["169.254.169.254"], accept: "text/html" })).body.toString()).toBe("<title>x</title>");
  });

  it("classifies addresses: only global unicast is fetched", () => {
    expect(refusedRange("93.184.215.14")).toBeUndefined();
    expect(refusedRange("2a00:1450:4001:82b::200e")).toBeUndefined();
    expect(refusedRange("::ffff:10.0.0.1")).toBe("private");
    expect(refusedRange("172.16.5.4")).toBe("private");
    expect(refusedRange("127.255.0.1")).toBe("loopback");
    expect(refusedRange("::")).toBe("unspecified");
  });
});
