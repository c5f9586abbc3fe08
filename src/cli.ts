#!/usr/bin/env node
/**
 * The `announce` executable. It only turns on Node's compile cache (Node ≥ 22.1 keeps compiled code on
 * disk; start-up is mostly loading modules) and then loads and runs the program, so that every module of
 * the program, not only those loaded later, comes from the cache.
 */
process.getBuiltinModule("node:module").enableCompileCache?.();
const { main } = await import("./program.js");
process.exitCode = await main(process.argv.slice(2));
