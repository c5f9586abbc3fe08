// The esbuild settings every bundle of announce shares: dist/ (scripts/build.mjs) and the start-up floors
// of the benchmark (bench/run.mjs), so that both load their modules the same way.
import { builtinModules } from "node:module";

/** Some bundled dependencies are CommonJS and use require(), __filename and __dirname. */
export const banner = {
  js: [
    "import { createRequire as __announceRequire } from 'node:module';",
    "const require = __announceRequire(import.meta.url);",
    "const __filename = import.meta.filename;",
    "const __dirname = import.meta.dirname;",
  ].join(" "),
};

export const plugins = [
  {
    // commander imports node:child_process (with net, dgram, streams: a few ms at every start) only to
    // spawn stand-alone executable subcommands, which announce has none of: load it on first use.
    name: "lazy-child-process-for-commander",
    setup(b) {
      b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
        /node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: "lazy-child-process", namespace: "announce-lazy" } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "announce-lazy" }, () => ({
        // `require` is the banner's.
        contents: "export default { spawn: (...args) => require('node:child_process').spawn(...args) };\n",
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
        // Left alone: require() itself (also the stub's below), and import() (loaded when used, and a chunk
        // of a CommonJS module would only have a default export).
        if (args.kind === "require-call" || args.kind === "dynamic-import") return { path: `node:${name}`, external: true };
        return { path: `node:${name}`, namespace: "announce-builtin" };
      });
      b.onLoad({ filter: /.*/, namespace: "announce-builtin" }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: "js" }));
    },
  },
];
