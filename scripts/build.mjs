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
  // Native or heavy SDKs stay separate packages, loaded only when a channel needs them.
  external: ["sharp", "facebook-nodejs-business-sdk", "better-sqlite3"],
  banner,
  plugins,
  define: { __ANNOUNCE_VERSION__: JSON.stringify(JSON.parse(readFileSync("package.json", "utf8")).version) },
  logLevel: "warning",
});
