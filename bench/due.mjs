// `announce due` over a large folder: 10,000 notices, half already published (per the ledger), half
// scheduled for later. Nothing needs the network, so this measures the scan. Target: under 2 seconds.
//
//   npm run build && node bench/due.mjs [count]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { contentHash, parseNotice } = await import(path.join(root, "dist/index.js"));
const count = Number(process.argv[2] ?? 10_000);
const dir = mkdtempSync(path.join(os.tmpdir(), "announce-bench-due-"));
try {
  mkdirSync(path.join(dir, "notices", "2026"), { recursive: true });
  mkdirSync(path.join(dir, ".announce", "ledger"), { recursive: true });
  // Unreachable on purpose: a network call would fail the run.
  writeFileSync(path.join(dir, "channels.yaml"), "channels:\n  m: { platform: mastodon, instance: http://127.0.0.1:9, access_token: ${T} }\n  b: { platform: bluesky, service: http://127.0.0.1:9, identifier: x.test, app_password: ${T} }\n");
  for (let i = 0; i < count; i++) {
    const published = i % 2 === 0;
    const frontMatter = `title: Meldung ${i}\npublish_at: ${published ? "2026-01-01T08:00:00+01:00" : "2099-01-01T08:00:00+01:00"}\nhashtags: [StadtInfo]`;
    const body = `Die Stadt informiert: Meldung Nummer ${i}. Weitere Informationen auf der Website.\n`;
    const file = path.join(dir, "notices", "2026", `n${i}.md`);
    const text = `---\n${frontMatter}\n---\n${body}`;
    writeFileSync(file, text);
    if (published) {
      const content = await contentHash(parseNotice(text, file).notice);
      const lines = ["m", "b"].map((channel) => JSON.stringify({ v: 1, at: "2026-01-01T07:00:00Z", notice: `n${i}`, channel, platform: channel === "m" ? "mastodon" : "bluesky", index: 0, type: "published", key: "k", content, id: `id${i}`, total: 1 }));
      writeFileSync(path.join(dir, ".announce", "ledger", `n${i}.jsonl`), lines.join("\n") + "\n");
    }
  }
  const times = [];
  let report;
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [path.join(root, "dist/cli.js"), "due", "notices", "--json"], { cwd: dir, encoding: "utf8", env: { ...process.env, T: "bench" } });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`due exited ${result.status}: ${result.stdout.slice(0, 500)} ${result.stderr.slice(0, 500)}`);
    report = JSON.parse(result.stdout);
  }
  times.sort((a, b) => a - b);
  const median = times[1];
  console.log(`\nannounce due: ${report.scanned} notices scanned (${report.alreadyPublished} published, ${report.scheduled} scheduled, ${report.notices.length} due)`);
  console.log(`median of 3 runs: ${median.toFixed(0)} ms (target < 2000 ms: ${median < 2000 ? "ok" : "MISSED"})\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
