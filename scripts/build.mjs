// Builds dist/: one bundle for the CLI and the library (esbuild, code-split so each command loads only
// what it needs), plus type declarations (tsc). Bundling matters for start-up: loading hundreds of small
// module files (zod, micromark) costs more than running the code.
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";
import { banner, plugins } from "./bundle-options.mjs";

rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints: { cli: "src/cli.ts", index: "src/index.ts", "write-schema": "src/config/write-schema.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  sourcemap: true,
  // Whitespace and syntax only: names stay, so stacks and error classes read as in the source.
  minifyWhitespace: true,
  minifySyntax: true,
  chunkNames: "chunks/[name]-[hash]",
  // Native modules stay separate packages. The platform SDKs (masto, @atproto/api,
  // facebook-nodejs-business-sdk) are bundled: each lands in a chunk of its own, loaded by `import()` only
  // when a channel of its platform connects. Bundled, the Facebook SDK loads faster and with less memory than
  // as a package (one file instead of its module tree and axios'; bench/run.mjs measures both). Its exports
  // are then the chunk's default export (see GraphClient.loadSdk).
  external: ["sharp", "better-sqlite3"],
  banner,
  plugins,
  define: { __ANNOUNCE_VERSION__: JSON.stringify(JSON.parse(readFileSync("package.json", "utf8")).version) },
  logLevel: "warning",
});
