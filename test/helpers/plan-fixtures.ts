/** In-memory configs and notices for rendering tests (no files, no network). */
import type { Notice } from "../../src/announcement/notice.js";
import type { Config } from "../../src/config/config.js";
import type { Channel } from "../../src/platforms/platform.js";

export function testConfig(channels: Channel[]): Config {
  return { file: "/x/channels.yaml", defaults: { lang: "de", requireApproval: false }, stateDir: "/x/.announce", channels };
}

export function testNotice(body: string, extra: Partial<Notice> = {}): Notice {
  return { id: "n", file: "/x/n.md", title: "Titel", hashtags: [], images: [], urgent: false, draft: false, overrides: {}, body, frontMatter: "", bodyLine: 3, lang: "de", ...extra };
}
