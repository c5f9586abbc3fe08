// Wall time of `announce post` to several channels at once against the slowest single channel alone.
// Target: within 1.1× (channels are published concurrently). Servers: a real Bluesky PDS behind a proxy
// and two minimal Mastodon-API servers, each adding a fixed latency to every request.
//
// Then, on the real local servers (the PDS and snac2, when .tools/snac is installed), paired and
// interleaved: `announce post` of a notice with one 1600×1200 PNG to Mastodon + Bluesky, fresh state each
// run (so Bluesky logs in), against the floor: the same requests with plain fetch in one bare Node process
// (bench/post-floor.mjs). Targets: wall ≤ 1.3× the floor, peak RSS ≤ 100 MiB. And a row with Mastodon
// hanging (accepts, never answers): the run ends within the connect deadline plus Bluesky's own time.
//
// Against crosspost when installed: when a `crosspost` executable (@humanwhocodes/crosspost, not a
// dependency of announce) is in node_modules/.bin or on PATH, the same post with
// `crosspost -m -b --image FILE --image-alt TEXT "message"` is a third contestant of the paired, interleaved
// rounds. It speaks only https (https://$MASTODON_HOST, https://$BLUESKY_HOST), so it reaches the same
// servers through a local TLS proxy with a throw-away certificate (openssl), trusted by NODE_EXTRA_CA_CERTS.
// Otherwise the row is skipped, and the reason printed.
//
//   npm run build && node bench/post.mjs [latency-ms]
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
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

  await againstTheFloor(pdsUrl, password);
} finally {
  for (const s of servers) s.close();
  pds.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Runs a process to its end: wall ms, peak RSS (MiB, from bench/rss.mjs; Node scripts only) and exit code.
 * `args` are a Node script and its arguments, or with `options.command` an executable's arguments.
 */
function timed(args, options = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = options.command ? spawn(options.command, args, options) : spawn(process.execPath, ["--import", path.join(root, "bench/rss.mjs"), ...args], options);
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      resolve({ ms, rssMiB: Number(/BENCH_MAXRSS_KB=(\d+)/.exec(out)?.[1] ?? 0) / 1024, code, out });
    });
  });
}

/** The `crosspost` executable: node_modules/.bin first, then PATH; or why there is none. */
function findCrosspost() {
  const candidates = [path.join(root, "node_modules/.bin/crosspost"), ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, "crosspost"))];
  const found = candidates.find((file) => existsSync(file));
  if (!found) return { why: "no crosspost executable in node_modules/.bin or on PATH (npm install -g @humanwhocodes/crosspost to compare)" };
  if (spawnSync("openssl", ["version"], { stdio: "ignore" }).status !== 0) return { why: `${found} found, but no openssl for the certificate of the TLS proxy it needs (it speaks only https)` };
  // A Node script (the npm bin) runs under bench/rss.mjs like the others, so its peak RSS is known.
  const real = realpathSync(found);
  const firstLine = readFileSync(real, "utf8").slice(0, 200).split("\n")[0];
  return { file: found, node: /^#!.*\bnode\b/.test(firstLine) ? real : undefined };
}

/** An HTTPS reverse proxy in front of `target` (http), with a throw-away self-signed certificate for 127.0.0.1. */
async function tlsProxy(target, work) {
  const key = path.join(work, "tls-key.pem");
  const cert = path.join(work, "tls-cert.pem");
  if (!existsSync(cert)) {
    const made = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`openssl: ${made.stderr}`);
  }
  const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const headers = { ...req.headers };
    delete headers.host;
    try {
      const upstream = await fetch(new URL(req.url, target), { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      res.writeHead(upstream.status, Object.fromEntries([...upstream.headers].filter(([k]) => !["content-encoding", "transfer-encoding", "content-length"].includes(k))));
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      res.destroy();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, host: `127.0.0.1:${server.address().port}`, cert };
}

function medianOf(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** `announce post` against its floor on the real servers, and with Mastodon hanging. */
async function againstTheFloor(pdsUrl, blueskyPassword) {
  const snacBin = process.env.SNAC || path.join(root, ".tools/snac/usr/bin/snac");
  let snac;
  let mastodonUrl;
  let mastodonToken = "bench";
  let fallback;
  if (existsSync(snacBin)) {
    snac = spawn(process.execPath, ["snac-server.mjs", "--users", "bench", "--exit-with-stdin"], { cwd: path.join(root, "test/setup/servers"), stdio: ["pipe", "pipe", "inherit"] });
    const line = await new Promise((resolve, reject) => {
      let buffered = "";
      snac.stdout.on("data", (d) => {
        buffered += d;
        const found = buffered.split("\n").find((l) => l.startsWith("{") && l.includes('"url"'));
        if (found) resolve(JSON.parse(found));
      });
      snac.on("exit", (code) => reject(new Error(`snac2 exited ${code}`)));
    });
    mastodonUrl = line.url;
    mastodonToken = line.users[0].token;
  } else {
    fallback = mastodon();
    mastodonUrl = await listen(fallback);
  }
  const hanging = http.createServer(() => undefined); // accepts, reads, never answers
  const hangingUrl = await listen(hanging);
  /** The TLS proxies of the crosspost row. */
  const proxies = [];
  const work = mkdtempSync(path.join(os.tmpdir(), "announce-bench-floor-"));
  try {
    const { default: sharp } = await import("sharp");
    const image = path.join(work, "bild.png");
    const width = 1600;
    const height = 1200;
    const raw = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set([(x * 255) / width, (y * 255) / height, ((x ^ y) & 0xff) / 2], (y * width + x) * 3);
    await sharp(raw, { raw: { width, height, channels: 3 } }).png().toFile(image);
    const config = (m, extra = "") => {
      const file = path.join(work, `channels-${m === mastodonUrl ? "real" : "hang"}.yaml`);
      writeFileSync(file, [
        "defaults: { lang: de }",
        extra,
        "channels:",
        `  m: { platform: mastodon, instance: ${m}, access_token: \${M_TOKEN} }`,
        `  b: { platform: bluesky, service: ${pdsUrl}, identifier: bench.test, app_password: \${B_PASSWORD} }`,
      ].join("\n") + "\n");
      return file;
    };
    const realConfig = config(mastodonUrl);
    const hangConfig = config(hangingUrl, "timeouts: { connect: 2 }");
    const env = { ...process.env, M_TOKEN: mastodonToken, B_PASSWORD: blueskyPassword };
    let n = 0;
    const announce = async (configFile, channels = []) => {
      const file = path.join(work, `floor-${++n}.md`);
      writeFileSync(file, `---\ntitle: Messung ${n}\nimages:\n  - path: bild.png\n    alt: Ein Bild für die Messung mit Farbverlauf\n---\nEine kurze Meldung mit einem Bild, Nummer ${n}.\n`);
      // Fresh state each run: Bluesky logs in, as the floor does.
      const state = path.join(work, `state-${n}`);
      return timed([path.join(root, "dist/cli.js"), "post", file, "--config", configFile, "--state", state, "--json", ...channels], { cwd: work, env });
    };
    const floor = () => timed([path.join(root, "bench/post-floor.mjs"), JSON.stringify({ mastodon: mastodonUrl, token: mastodonToken, pds: pdsUrl, handle: "bench.test", password: blueskyPassword, image })], { cwd: work });

    // crosspost, when installed: the same servers through TLS proxies (it speaks only https).
    const crosspostBin = findCrosspost();
    let crosspost;
    if (crosspostBin.file) {
      const [m, b] = [await tlsProxy(mastodonUrl, work), await tlsProxy(pdsUrl, work)];
      proxies.push(m.server, b.server);
      const crosspostEnv = { ...process.env, MASTODON_HOST: m.host, MASTODON_ACCESS_TOKEN: mastodonToken, BLUESKY_HOST: b.host, BLUESKY_IDENTIFIER: "bench.test", BLUESKY_PASSWORD: blueskyPassword, NODE_EXTRA_CA_CERTS: m.cert };
      let c = 0;
      crosspost = () => {
        const args = ["-m", "-b", "--image", image, "--image-alt", "Ein Bild für die Messung mit Farbverlauf", `Messung crosspost ${++c}: eine kurze Meldung mit einem Bild.`];
        return crosspostBin.node ? timed([crosspostBin.node, ...args], { cwd: work, env: crosspostEnv }) : timed(args, { cwd: work, env: crosspostEnv, command: crosspostBin.file });
      };
    }

    const contestants = { floor, announce: () => announce(realConfig), ...(crosspost ? { crosspost } : {}) };
    const names = Object.keys(contestants);
    const pairs = Object.fromEntries(names.map((name) => [name, []]));
    for (const name of names) await contestants[name](); // warm-up: file cache and Node's compile cache
    for (let i = 0; i < runs; i++) {
      // Interleaved, the order rotating, so a busy machine slows all of them alike.
      const order = names.map((_, k) => names[(i + k) % names.length]);
      for (const which of order) {
        const result = await contestants[which]();
        if (result.code !== 0) throw new Error(`${which} exited ${result.code}: ${result.out.slice(0, 800)}`);
        pairs[which].push(result);
      }
    }
    const bluesky = [];
    for (let i = 0; i < runs; i++) bluesky.push(await announce(realConfig, ["--channel", "b"]));
    const hang = [];
    for (let i = 0; i < runs; i++) {
      const result = await announce(hangConfig);
      const report = JSON.parse(result.out.slice(0, result.out.lastIndexOf("}") + 1));
      const b = report.channels.find((c) => c.channel === "b");
      const m = report.channels.find((c) => c.channel === "m");
      if (b.status !== "published" || m.error?.code !== "UNREACHABLE") throw new Error(`hang run: ${result.out.slice(0, 800)}`);
      hang.push(result);
    }

    const row = (name, results) => ({ name, ms: medianOf(results.map((r) => r.ms)), rss: Math.max(...results.map((r) => r.rssMiB)) });
    const rows = [row("floor: the same requests with plain fetch", pairs.floor), row("announce post (Mastodon + Bluesky, 1 image)", pairs.announce), row("announce post, Bluesky alone", bluesky), row("announce post, Mastodon hanging (connect deadline 2 s)", hang)];
    if (crosspost) rows.push(row("crosspost -m -b --image (through local TLS proxies)", pairs.crosspost));
    const base = rows[0].ms;
    console.log(`\nannounce post against its floor on ${snac ? "snac2" : "a minimal Mastodon API (snac2 not installed)"} and the PDS (median of ${runs}, paired and interleaved)\n`);
    console.log("| run | median ms | × floor | peak RSS MiB |");
    console.log("|---|---:|---:|---:|");
    for (const r of rows) console.log(`| ${r.name} | ${r.ms.toFixed(0)} | ${(r.ms / base).toFixed(2)} | ${r.rss ? r.rss.toFixed(0) : "n/a"} |`);
    const ratio = rows[1].ms / base;
    console.log(`\nannounce / floor = ${ratio.toFixed(2)}× (target ≤ 1.3×: ${ratio <= 1.3 ? "ok" : "MISSED"}); peak RSS ${rows[1].rss.toFixed(0)} MiB (target ≤ 100: ${rows[1].rss <= 100 ? "ok" : "MISSED"})`);
    const bound = 2000 + rows[2].ms;
    console.log(`Mastodon hanging: ${rows[3].ms.toFixed(0)} ms, within the 2 s deadline + Bluesky alone (${bound.toFixed(0)} ms): ${rows[3].ms <= bound ? "ok" : "MISSED"}`);
    if (crosspost) {
      const crossRow = rows.at(-1);
      console.log(`announce / crosspost = ${(rows[1].ms / crossRow.ms).toFixed(2)}× (${crosspostBin.file}; crosspost's requests take one more local hop, the TLS proxy, and it neither checks the account, reads live limits nor keeps a ledger)\n`);
    } else {
      console.log(`Row against crosspost skipped: ${crosspostBin.why}.\n`);
    }
  } finally {
    hanging.closeAllConnections();
    hanging.close();
    for (const proxy of proxies) {
      proxy.closeAllConnections();
      proxy.close();
    }
    fallback?.close();
    snac?.kill("SIGTERM");
    rmSync(work, { recursive: true, force: true });
  }
}
