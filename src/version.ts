/** The package's version, written in by the build (scripts/build.mjs) so that nothing reads package.json at start-up. */
declare const __ANNOUNCE_VERSION__: string | undefined;

export const VERSION = typeof __ANNOUNCE_VERSION__ === "string" ? __ANNOUNCE_VERSION__ : "0.0.0-dev";
