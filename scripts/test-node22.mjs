// Runs the test files that need no test servers on Node 22, the oldest Node announce supports
// (`npm test` runs everything on the Node it was started with, normally 24). Node 22 comes from the npm
// registry's node-linux-<arch> package, installed once into .tools/node22/.
//
//   npm run test:node22
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/**
 * Test files that use what the global setup provides (they call `inject(`, or drive the headless Chromium
 * through test/helpers/browser.ts): Node 24 covers them.
 */
const needServers = readdirSync(path.join(root, "test"), { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".test.ts"))
  .map((file) => path.posix.join("test", file.split(path.sep).join("/")))
  .filter((file) => /\binject\(|helpers\/browser\.js/.test(readFileSync(path.join(root, file), "utf8")));

function node22() {
  if (process.versions.node.startsWith("22.")) return process.execPath;
  const arch = { x64: "x64", arm64: "arm64" }[process.arch];
  if (process.platform !== "linux" || !arch) return "";
  const prefix = path.join(root, ".tools", "node22");
  const bin = path.join(prefix, "node_modules", `node-linux-${arch}`, "bin", "node");
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    if (!existsSync(path.join(prefix, "package.json"))) writeFileSync(path.join(prefix, "package.json"), '{"private":true}\n');
    console.error(`test-node22: installing Node 22 (node-linux-${arch}) into .tools/node22/`);
    execFileSync("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", `node-linux-${arch}@22`], { stdio: ["ignore", "inherit", "inherit"] });
  }
  return bin;
}

const node = node22();
if (!node) {
  console.error(`test-node22: no Node 22 package for ${process.platform}-${process.arch}; skipped.`);
  process.exit(0);
}
const version = execFileSync(node, ["-v"], { encoding: "utf8" }).trim();
console.error(`test-node22: running the tests that need no servers on Node ${version}`);
const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");
const result = spawnSync(node, [vitest, "run", ...needServers.flatMap((file) => ["--exclude", file])], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, ANNOUNCE_TEST_SERVERS: "excluded" },
});
process.exit(result.status ?? 1);
