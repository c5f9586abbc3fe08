// Builds dist/: one bundle for the CLI and the library (esbuild, code-split so each command loads only
// what it needs), plus type declarations (tsc). Bundling matters for start-up: loading hundreds of small
// module files (zod, micromark) costs more than running the code.
import { build } from "esbuild";
import { rmSync } from "node:fs";

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
  chunkNames: "chunks/[name]-[hash]",
  // Native or heavy SDKs stay separate packages, loaded only when a channel needs them.
  external: ["sharp", "masto", "@atproto/*", "facebook-nodejs-business-sdk", "better-sqlite3"],
  // Some bundled dependencies are CommonJS and use require(), __filename and __dirname.
  banner: {
    js: [
      "import { createRequire as __announceRequire } from 'node:module';",
      "import { fileURLToPath as __announceFileURLToPath } from 'node:url';",
      "const require = __announceRequire(import.meta.url);",
      "const __filename = __announceFileURLToPath(import.meta.url);",
      "const __dirname = __announceFileURLToPath(new URL('.', import.meta.url));",
    ].join(" "),
  },
  plugins: [
    {
      // commander imports node:child_process (with net, dgram, streams: a few ms at every start) only to
      // spawn stand-alone executable subcommands, which announce has none of: load it on first use.
      name: "lazy-child-process-for-commander",
      setup(b) {
        b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
          /node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: "lazy-child-process", namespace: "announce-lazy" } : undefined,
        );
        b.onLoad({ filter: /.*/, namespace: "announce-lazy" }, () => ({
          contents: "import { createRequire } from 'node:module';\nconst load = () => createRequire(import.meta.url)('node:child_process');\nexport default { spawn: (...args) => load().spawn(...args) };\n",
          loader: "js",
        }));
      },
    },
  ],
  logLevel: "warning",
});
