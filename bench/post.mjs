// Wall time of `announce post` to several channels at once against the slowest single channel alone.
// Target: within 1.1× (channels are published concurrently). Servers: a real Bluesky PDS behind a proxy
// and two minimal Mastodon-API servers, each adding a fixed latency to every request.
//
//   npm run build && node bench/post.mjs [latency-ms]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const latency = Number(process.argv[2] ?? 100);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const listen = (server) => new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`)));

/** A minimal Mastodon API: enough for connect, post and reconcile. */
function mastodon() {
  let id = 0;
  return http.createServer(async (req, res) => {
    for await (const _ of req);
    await sleep(latency);
    const json = (status, body) => { res.writeHead(status, { "content-type": "application/json" }); res.end(JSON.stringify(body)); };
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/api/v1/accounts/verify_credentials") return json(200, { id: "1", username: "bench", acct: "bench", url: "http://x/@bench" });
    if (url.pathname === "/api/v2/instance") return json(200, { configuration: { statuses: { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 }, media_attachments: { description_limit: 1500 } } });
    if (url.pathname.endsWith("/statuses") && req.method === "GET") return json(200, []);
    if (url.pathname === "/api/v1/statuses" && req.method === "POST") { id++; return json(200, { id: String(id), url: `http://x/@bench/${id}`, uri: `http://x/${id}`, content: "", media_attachments: [] }); }
    json(404, { error: "not found" });
  });
}

/** Forwards to the PDS after the same latency. */
function proxy(target) {
  return http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    await sleep(latency);
    const headers = { ...req.headers };
    delete headers.host;
    const upstream = await fetch(new URL(req.url, target), { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    res.writeHead(upstream.status, Object.fromEntries([...upstream.headers].filter(([k]) => !["content-encoding", "transfer-encoding", "content-length"].includes(k))));
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
}

const dir = mkdtempSync(path.join(os.tmpdir(), "announce-bench-post-"));
const pds = spawn(process.execPath, ["--require", "./listen-localhost.cjs", "pds-server.mjs"], { cwd: path.join(root, "test/setup/servers"), stdio: ["pipe", "pipe", "inherit"] });
const servers = [];
try {
  const pdsUrl = await new Promise((resolve, reject) => {
    pds.stdout.on("data", (d) => { const m = /"pdsUrl":"([^"]+)"/.exec(String(d)); if (m) resolve(m[1]); });
    pds.on("exit", (code) => reject(new Error(`PDS exited ${code}`)));
  });
  const xrpc = async (method, body, token) => {
    const r = await fetch(`${pdsUrl}/xrpc/${method}`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`${method}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  const account = await xrpc("com.atproto.server.createAccount", { handle: "bench.test", email: "bench@example.invalid", password: "bench-password-123" });
  const { password } = await xrpc("com.atproto.server.createAppPassword", { name: "bench" }, account.accessJwt);

  const [m1, m2, b] = [mastodon(), mastodon(), proxy(pdsUrl)];
  servers.push(m1, m2, b);
  const [m1Url, m2Url, bUrl] = await Promise.all([listen(m1), listen(m2), listen(b)]);
  writeFileSync(path.join(dir, "channels.yaml"), [
    "channels:",
    `  mastodon-1: { platform: mastodon, instance: ${m1Url}, access_token: \${M_TOKEN} }`,
    `  mastodon-2: { platform: mastodon, instance: ${m2Url}, access_token: \${M_TOKEN} }`,
    `  bluesky: { platform: bluesky, service: ${bUrl}, identifier: bench.test, app_password: \${B_PASSWORD} }`,
  ].join("\n") + "\n");

  let n = 0;
  // Asynchronous on purpose: the servers live in this process and must keep answering.
  const post = (channels) =>
    new Promise((resolve, reject) => {
      const file = path.join(dir, `n${++n}.md`);
      writeFileSync(file, `---\ntitle: Messung ${n}\n---\nEine kurze Meldung für die Messung Nummer ${n}.\n`);
      const start = process.hrtime.bigint();
      const child = spawn(process.execPath, [path.join(root, "dist/cli.js"), "post", file, "--json", "--channel", ...channels], { cwd: dir, env: { ...process.env, M_TOKEN: "bench", B_PASSWORD: password } });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("close", (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - start) / 1e6) : reject(new Error(`post exited ${code}: ${out.slice(0, 800)}`))));
    });
  const median = async (channels) => {
    await post(channels); // warm-up (Bluesky logs in once; later runs resume the session)
    const times = [];
    for (let i = 0; i < runs; i++) times.push(await post(channels));
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  };
  const single = { "mastodon-1": await median(["mastodon-1"]), bluesky: await median(["bluesky"]) };
  const all = await median(["mastodon-1", "mastodon-2", "bluesky"]);
  const slowest = Math.max(...Object.values(single));
  console.log(`\nannounce post with ${latency} ms added to every request (median of ${runs})\n`);
  console.log("| channels | median ms |");
  console.log("|---|---:|");
  for (const [name, ms] of Object.entries(single)) console.log(`| ${name} alone | ${ms.toFixed(0)} |`);
  console.log(`| all 3 at once | ${all.toFixed(0)} |`);
  console.log(`\nall / slowest single = ${(all / slowest).toFixed(2)}× (target ≤ 1.10×: ${all / slowest <= 1.1 ? "ok" : "MISSED"})\n`);
} finally {
  for (const s of servers) s.close();
  pds.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
