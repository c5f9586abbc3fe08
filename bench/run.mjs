// Start-up, memory and rendering benchmarks for `announce` (preview/validate), and the loading of the
// Facebook SDK, external or bundled.
//
//   npm run bench             (builds first; BENCH_RUNS=N to change the repetitions)
//
// Targets: `--help` within 1.5× and a text-only `preview` within 2× of a bare `node -e 0`;
// peak memory under 120 MiB; image preparation is reported separately; a noisy 6000×4000 camera photo
// of about 23 MB is prepared for six platforms within 10 s and 250 MiB.
import { spawnSync } from "node:child_process";
import { build } from "esbuild";
import { banner, plugins } from "../scripts/bundle-options.mjs";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(root, "dist/cli.js");
const fixtures = path.join(root, "test/fixtures");
const config = path.join(fixtures, "channels.yaml");
const runs = Number(process.env.BENCH_RUNS ?? 15);

function once(args, expectedStatus = 0) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--import", path.join(root, "bench/rss.mjs"), ...args], { cwd: root, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== expectedStatus) throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return { ms, rssKiB: Number(/BENCH_MAXRSS_KB=(\d+)/.exec(result.stderr)?.[1] ?? 0), importMs: Number(/BENCH_IMPORT_MS=([\d.]+)/.exec(result.stderr)?.[1] ?? NaN) };
}

// Round-robin: each round runs every command once, so a busy machine slows all of them alike and the
// ratios stay meaningful. Two warm-up rounds fill the file cache and Node's compile cache.
function measureAll(commands) {
  const samples = commands.map(() => ({ times: [], rss: 0 }));
  for (let round = 0; round < runs + 2; round++) {
    commands.forEach(([, args], i) => {
      const { ms, rssKiB } = once(args);
      samples[i].rss = Math.max(samples[i].rss, rssKiB);
      if (round >= 2) samples[i].times.push(ms);
    });
  }
  return commands.map(([name], i) => {
    const times = samples[i].times.sort((a, b) => a - b);
    return { name, median: times[Math.floor(times.length / 2)], min: times[0], rssMiB: samples[i].rss / 1024 };
  });
}

// The floor: the libraries announce is built on, bundled like dist/ and used once, without announce.
const floorDir = mkdtempSync(path.join(os.tmpdir(), "announce-bench-floor-"));
await build({
  entryPoints: [path.join(root, "bench/floor-entry.mjs"), path.join(root, "bench/commander-entry.mjs")],
  outdir: floorDir,
  bundle: true,
  format: "esm",
  platform: "node",
  logLevel: "error",
  banner,
  plugins,
});
process.on("exit", () => rmSync(floorDir, { recursive: true, force: true }));

const rows = measureAll([
  ["node -e 0", ["-e", "0"]],
  ["commander alone --help (floor)", [path.join(floorDir, "commander-entry.js"), "--help"]],
  ["libraries alone preview (floor)", [path.join(floorDir, "floor-entry.js"), "preview", "x"]],
  ["announce --help", [cli, "--help"]],
  ["preview (text only)", [cli, "preview", path.join(fixtures, "notices/wasserrohrbruch.md"), "--config", config]],
  ["preview (3 images, 6 channels)", [cli, "preview", path.join(fixtures, "notices/sommerfest.md"), "--config", config]],
]);
const base = rows[0].median;
const targets = { "announce --help": 1.5, "preview (text only)": 2 };

console.log(`\nStart-up (${runs} runs each, median; Node ${process.version})\n`);
console.log("| command | median ms | min ms | × node | target | peak RSS MiB |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of rows) {
  const ratio = r.median / base;
  const target = targets[r.name];
  const verdict = target ? `${target}× ${ratio <= target ? "ok" : "MISSED"}` : "";
  console.log(`| ${r.name} | ${r.median.toFixed(1)} | ${r.min.toFixed(1)} | ${ratio.toFixed(2)} | ${verdict} | ${r.rssMiB.toFixed(1)}${r.rssMiB > 120 ? " (over 120)" : ""} |`);
}

// The Facebook SDK (facebook-nodejs-business-sdk, CommonJS, 33 MB installed), loaded as announce loads it
// on a Meta channel's first use (bench/sdk-entry.mjs): as the package from node_modules (external to the
// bundle) and as a lazily loaded chunk of a bundle built like dist/ (what dist/ does). Paired and
// interleaved with a bare `node -e 0`, the order of the two alternating.
{
  const sdkDir = path.join(floorDir, "sdk");
  await build({
    entryPoints: [path.join(root, "bench/sdk-entry.mjs")],
    outdir: sdkDir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    minifyWhitespace: true,
    minifySyntax: true,
    chunkNames: "chunks/[name]-[hash]",
    logLevel: "error",
    banner,
    plugins,
  });
  const variants = [
    ["node -e 0", ["-e", "0"]],
    ["SDK external: import() of the package", [path.join(root, "bench/sdk-entry.mjs")]],
    ["SDK bundled: import() of its chunk (dist/)", [path.join(sdkDir, "sdk-entry.js")]],
  ];
  const samples = variants.map(() => []);
  for (let round = 0; round < runs + 2; round++) {
    const order = round % 2 === 0 ? [0, 1, 2] : [0, 2, 1];
    for (const i of order) {
      const result = once(variants[i][1]);
      if (round >= 2) samples[i].push(result);
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const sdkRows = variants.map(([name], i) => ({ name, ms: median(samples[i].map((r) => r.ms)), importMs: median(samples[i].map((r) => r.importMs)), rssMiB: median(samples[i].map((r) => r.rssKiB)) / 1024 }));
  console.log(`\nFacebook SDK loading (${runs} runs each, paired and interleaved, median)\n`);
  console.log("| run | import() ms | process ms | × node | peak RSS MiB | RSS − node MiB |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const r of sdkRows) {
    console.log(`| ${r.name} | ${Number.isNaN(r.importMs) ? "" : r.importMs.toFixed(0)} | ${r.ms.toFixed(0)} | ${(r.ms / sdkRows[0].ms).toFixed(2)} | ${r.rssMiB.toFixed(1)} | ${(r.rssMiB - sdkRows[0].rssMiB).toFixed(1)} |`);
  }
  console.log(`\nbundled / external: import() ${(sdkRows[2].importMs / sdkRows[1].importMs).toFixed(2)}×, RSS above node ${((sdkRows[2].rssMiB - sdkRows[0].rssMiB) / (sdkRows[1].rssMiB - sdkRows[0].rssMiB)).toFixed(2)}×`);
}

// Rendering throughput, in-process: 1,000 notices planned for six channels, no images.
const { parseNotice, loadConfig, planNotice, prepareImages, loadNotice } = await import(path.join(root, "dist/index.js"));
const cfg = await loadConfig(config, {});
const sources = ["bombenentschaerfung", "ratsbeschluss", "stellenausschreibung", "wasserrohrbruch"].map((n) =>
  readFileSync(path.join(fixtures, `notices/${n}.md`), "utf8").replace(/images:[\s\S]*?(?=\n[a-z_]+:|\n---)/, ""),
);
const notices = Array.from({ length: 1000 }, (_, i) => {
  const text = sources[i % sources.length].replace(/\n---\n/, `\n---\nMeldung ${i}: ` + "Weitere Informationen folgen. ".repeat(i % 20));
  return parseNotice(text, path.join(fixtures, `notices/n${i}.md`)).notice;
});
const t0 = performance.now();
let posts = 0;
for (const notice of notices) posts += planNotice(notice, cfg).channels.reduce((n, c) => n + c.posts.length, 0);
const seconds = (performance.now() - t0) / 1000;
console.log(`\nRendering: ${notices.length} notices × ${cfg.channels.length} channels = ${posts} posts in ${(seconds * 1000).toFixed(0)} ms → ${(notices.length / seconds).toFixed(0)} notices/s`);

// Bounded work on big input: `validate` of a 32 KB notice and of the largest body a notice may have
// (MAX_BODY_CHARACTERS, 64,000 characters: here 63,000, ≈ 62 KB; threads of hundreds of posts on Mastodon,
// Bluesky and Threads, cut to one post elsewhere), with time growing in proportion to the size; and of a
// 128 KB notice, which validate refuses (NOTICE_TOO_LARGE, exit 2) before any rendering. Target: the
// 128 KB notice in under 1 s.
const bigConfig = path.join(floorDir, "channels.yaml");
writeFileSync(bigConfig, [
  "defaults: { lang: de }",
  "channels:",
  "  m: { platform: mastodon, instance: https://example.social, access_token: ${M}, max_thread_posts: 10000 }",
  "  b: { platform: bluesky, service: https://bsky.example, identifier: stadt.example, app_password: ${B}, max_thread_posts: 10000 }",
  "  t: { platform: threads, user_id: \"1\", access_token: ${T}, max_thread_posts: 10000 }",
  "  f: { platform: facebook, page_id: \"1\", access_token: ${F} }",
  "  l: { platform: linkedin, organization: \"urn:li:organization:1\", access_token: ${L} }",
].join("\n") + "\n");
const bigNotice = (name, characters) => {
  const file = path.join(floorDir, `big-${name}.md`);
  const paragraphs = [];
  for (let i = 0, size = 0; ; i++) {
    const paragraph = `Absatz ${i}: Die Stadt informiert über Sperrungen, Umleitungen und Ersatzhaltestellen rund um die Baustelle. Bitte planen Sie mehr Zeit ein und achten Sie auf die Beschilderung vor Ort; Auskunft gibt https://www.example-stadt.de/baustellen/${i} #StadtInfo.`;
    if (size + paragraph.length + 2 > characters) break;
    paragraphs.push(paragraph);
    size += paragraph.length + 2;
  }
  writeFileSync(file, `---\ntitle: Baustellen im ganzen Stadtgebiet\n---\n${paragraphs.join("\n\n")}\n`);
  return file;
};
const bigRuns = Number(process.env.BENCH_BIG_RUNS ?? 3);
const bigCases = [
  { name: "32 KB", characters: 32 * 1024, status: 0 },
  { name: "≈ 62 KB (63,000 characters; at most 64,000 are accepted)", characters: 63_000, status: 0 },
  { name: "128 KB (refused: NOTICE_TOO_LARGE)", characters: 128 * 1024, status: 2, target: 1000 },
];
const bigTimes = bigCases.map(({ name, characters, status, target }, i) => {
  const file = bigNotice(String(i), characters);
  const kb = readFileSync(file).length / 1024;
  const times = Array.from({ length: bigRuns }, () => once([cli, "validate", file, "--config", bigConfig, "--no-secrets"], status)).map((r) => r.ms).sort((a, b) => a - b);
  return { name, kb, ms: times[Math.floor(times.length / 2)], target };
});
console.log(`\nvalidate of a big notice (median of ${bigRuns})\n`);
console.log("| notice | file KB | median ms | × node -e 0 | target |");
console.log("|---|---:|---:|---:|---|");
for (const { name, kb, ms, target } of bigTimes) console.log(`| ${name} | ${kb.toFixed(0)} | ${ms.toFixed(0)} | ${(ms / base).toFixed(2)} | ${target ? `< ${target} ms ${ms < target ? "ok" : "MISSED"}` : ""} |`);
console.log(`\n62 KB / 32 KB = ${(bigTimes[1].ms / bigTimes[0].ms).toFixed(2)}× (linear: about ${(bigTimes[1].kb / bigTimes[0].kb).toFixed(1)}×, minus the start-up both share)\n`);

// Image preparation, reported separately: the three images of sommerfest.md for all six platforms.
const withImages = await loadNotice(path.join(fixtures, "notices/sommerfest.md"));
const t1 = performance.now();
const plan = planNotice(withImages, cfg);
await prepareImages(plan, withImages);
const prepared = plan.channels.reduce((n, c) => n + c.images.length, 0);
console.log(`Image preparation: ${prepared} images (3 sources × platforms) in ${(performance.now() - t1).toFixed(0)} ms\n`);

// A large, noisy camera photo (the worst case for JPEG: every pixel random), generated here: about 23 MB,
// 6000×4000, prepared for all six platforms by `preview` as a whole process. Target: ≤ 10 s, ≤ 250 MiB.
{
  const sharp = (await import("sharp")).default;
  const { randomBytes } = await import("node:crypto");
  const { writeFileSync } = await import("node:fs");
  const photoDir = mkdtempSync(path.join(os.tmpdir(), "announce-bench-photo-"));
  process.on("exit", () => rmSync(photoDir, { recursive: true, force: true }));
  const photo = await sharp(randomBytes(6000 * 4000 * 3), { raw: { width: 6000, height: 4000, channels: 3 } }).jpeg({ quality: 94 }).toBuffer();
  writeFileSync(path.join(photoDir, "foto.jpg"), photo);
  const notice = path.join(photoDir, "foto.md");
  writeFileSync(notice, "---\ntitle: Nachtaufnahme vom Marktplatz\nimages:\n  - path: foto.jpg\n    alt: Der Marktplatz bei Nacht, stark verrauscht aufgenommen\n---\nText.\n");
  const photoRuns = Math.max(3, Math.min(runs, 5));
  const samples = Array.from({ length: photoRuns }, () => once([cli, "preview", notice, "--config", config]));
  const ms = samples.map((x) => x.ms).sort((a, b) => a - b)[Math.floor(photoRuns / 2)];
  const rssMiB = Math.max(...samples.map((x) => x.rssKiB)) / 1024;
  console.log(`Large photo (${(photo.length / 1e6).toFixed(1)} MB JPEG, 6000×4000, noise) prepared for six platforms, ${photoRuns} runs:`);
  console.log("| measure | value | target |");
  console.log("|---|---:|---|");
  console.log(`| time (median) | ${(ms / 1000).toFixed(1)} s | ≤ 10 s ${ms <= 10_000 ? "ok" : "MISSED"} |`);
  console.log(`| peak RSS (max) | ${rssMiB.toFixed(0)} MiB | ≤ 250 MiB ${rssMiB <= 250 ? "ok" : "MISSED"} |\n`);
}
