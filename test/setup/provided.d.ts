// What test/setup/global-setup.ts hands to the tests: `inject("pds")`, `inject("snac")`, `inject("chromium")`.
// (All are absent when the run was started with ANNOUNCE_TEST_SERVERS=0.)
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** A real Bluesky PDS (with its own PLC directory). Create accounts with createBlueskyAccount(). */
    pds: { url: string };
    /**
     * A real snac2 server speaking the Mastodon client API, with one OAuth token per user
     * (alice, bob, carol, dave, erin, frank, grace, heidi, ivan, judy, kim, gina, zoe). Give each test file its own user, so that no file
     * sees another's statuses; test/servers.test.ts uses the last one.
     */
    snac: { url: string; users: { name: string; token: string; password: string }[] };
    /** The executable of a headless Chromium (Debian's package); drive it with test/helpers/browser.ts. */
    chromium: { path: string };
  }
}
