// Builds dist/: one bundle for the CLI and the library (esbuild, code-split so each command loads only
// what it needs), plus type declarations (tsc). Bundling matters for start-up: loading hundreds of small
// module files (zod, micromark) costs more than running the code.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { builtinModules } from "node:module";

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
      "const require = __announceRequire(import.meta.url);",
      "const __filename = import.meta.filename;",
      "const __dirname = import.meta.dirname;",
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
    {
      // `import … from "node:util"` makes Node build an ES module facade of the built-in, which reads every
      // export and so loads what the lazy ones need (readline, worker_threads, …): several ms at every
      // start. require() of a built-in does none of that, so bundled code gets built-ins through require().
      name: "builtins-through-require",
      setup(b) {
        const builtins = new Set(builtinModules);
        b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
          const name = args.path.replace(/^node:/, "");
          if (!builtins.has(name)) return undefined;
          // Left alone: require() itself, and import() (loaded when used, and a chunk of a CommonJS module
          // would only have a default export).
          if (args.kind === "require-call" || args.kind === "dynamic-import" || args.namespace === "announce-builtin") return { path: `node:${name}`, external: true };
          return { path: `node:${name}`, namespace: "announce-builtin" };
        });
        b.onLoad({ filter: /.*/, namespace: "announce-builtin" }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: "js" }));
      },
    },
  ],
  logLevel: "warning",
});
