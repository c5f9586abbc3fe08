// Loads facebook-nodejs-business-sdk the way announce does (GraphClient.loadSdk: `import()` on a Meta
// channel's first use, then one FacebookAdsApi) and prints how long that took, for bench/run.mjs. Run as it
// is, it loads the package from node_modules (the SDK external to the bundle); bench/run.mjs also bundles
// it like dist/ (the SDK in a lazily loaded chunk of its own).
const start = performance.now();
const module = await import("facebook-nodejs-business-sdk");
const sdk = module.default ?? module;
new sdk.FacebookAdsApi("bench-token", "en_US", false);
process.stderr.write(`\nBENCH_IMPORT_MS=${(performance.now() - start).toFixed(2)}\n`);
