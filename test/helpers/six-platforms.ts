/**
 * All six platforms for one test file: snac2 and the real PDS (the file's own snac2 user and Bluesky
 * account), the Graph fake (Facebook, Instagram), the Threads fake and the LinkedIn fake, a static server
 * for the media folder Meta fetches images from, and a project whose channels.yaml names them all
 * (stadt-mastodon, stadt-bluesky, stadt-facebook, stadt-instagram, stadt-linkedin, stadt-threads).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ProvidedContext } from "vitest";
import { GraphFake, ThreadsFake } from "../fakes/graph.js";
import { LinkedInFake } from "../fakes/linkedin.js";
import { startStaticServer, type StaticServer } from "../fakes/static-server.js";
import { readBlueskyPosts, readSnacStatuses } from "../setup/accounts.js";
import { channels, facebookChannel, instagramChannel, linkedinChannel, threadsChannel } from "./channels.js";
import { createProject, LOCAL_HOSTS, type TestProject } from "./project.js";
import { realAccounts, type RealAccounts } from "./real-servers.js";

/** The Meta and LinkedIn tokens of a test file: distinct per file, so that a leak names its test. */
export interface FakeSecrets {
  FB: string;
  IG: string;
  TH: string;
  LI: string;
}

export interface SixPlatformsStart {
  snac: ProvidedContext["snac"];
  pds: ProvidedContext["pds"];
  snacUser: string;
  blueskyAccount: string;
  /** Mastodon's and Threads' max_characters (300 makes a longer notice a thread there as on Bluesky). */
  maxCharacters?: number;
  /** Where Mastodon and Bluesky are reached, when not directly (a proxy in front of snac2 or the PDS). */
  mastodonUrl?: string;
  blueskyUrl?: string;
  /** More variables for every run. */
  env?: Record<string, string>;
}

export class SixPlatforms {
  readonly graph: GraphFake;
  readonly threads: ThreadsFake;
  readonly linkedin: LinkedInFake;
  project!: TestProject;
  real!: RealAccounts;
  /** The variables every run needs: the real servers' secrets and the fakes' tokens. */
  env!: Record<string, string>;
  private media?: StaticServer;
  private where?: SixPlatformsStart;

  /** The fakes exist from here (a test may wrap them before they start); `pollsBeforeFinished` is for Meta's containers. */
  constructor(
    readonly secrets: FakeSecrets,
    options: { pollsBeforeFinished: number },
  ) {
    this.graph = new GraphFake({ pageId: "1234", pageToken: secrets.FB, igUserId: "1784", igToken: secrets.IG, pollsBeforeFinished: options.pollsBeforeFinished });
    this.threads = new ThreadsFake({ userId: "1789", token: secrets.TH, pollsBeforeFinished: options.pollsBeforeFinished });
    this.linkedin = new LinkedInFake({ token: secrets.LI, organization: "urn:li:organization:123" });
  }

  /** The fakes, the accounts on the real servers, the media server and the project's channels.yaml. */
  async start(where: SixPlatformsStart): Promise<void> {
    this.where = where;
    await Promise.all([this.graph.start(), this.threads.start(), this.linkedin.start()]);
    this.real = await realAccounts({ snac: where.snac, snacUser: where.snacUser, pds: where.pds, blueskyAccount: where.blueskyAccount });
    this.project = await createProject(channels({}));
    mkdirSync(path.join(this.project.dir, "public", "media"), { recursive: true });
    this.media = await startStaticServer(path.join(this.project.dir, "public", "media"));
    const hosted = { media_base_url: `${this.media.url}/`, media_dir: "./public/media" };
    const length = where.maxCharacters === undefined ? {} : { max_characters: where.maxCharacters };
    writeFileSync(
      this.project.config,
      channels(
        {
          "stadt-mastodon": this.real.mastodon({ ...length, ...(where.mastodonUrl ? { instance: where.mastodonUrl } : {}) }),
          "stadt-bluesky": this.real.bluesky(where.blueskyUrl ? { service: where.blueskyUrl } : {}),
          "stadt-facebook": facebookChannel({ page_id: "1234", access_token: "${FB_PAGE_TOKEN}", api_url: this.graph.url }),
          "stadt-instagram": instagramChannel({ ig_user_id: "1784", access_token: "${IG_TOKEN}", api_url: this.graph.url, ...hosted }),
          "stadt-linkedin": linkedinChannel({ organization: "urn:li:organization:123", access_token: "${LINKEDIN_TOKEN}", api_url: this.linkedin.url }),
          "stadt-threads": threadsChannel({ user_id: "1789", access_token: "${THREADS_TOKEN}", api_url: this.threads.url, ...length, ...hosted }),
        },
        { defaults: { lang: "de" }, allow_hosts: LOCAL_HOSTS },
      ),
    );
    const s = this.secrets;
    this.env = { ...this.real.env, FB_PAGE_TOKEN: s.FB, IG_TOKEN: s.IG, LINKEDIN_TOKEN: s.LI, THREADS_TOKEN: s.TH, ...where.env };
  }

  async stop(): Promise<void> {
    await Promise.all([this.graph.stop(), this.threads.stop(), this.linkedin.stop(), this.media?.stop()]);
  }

  /** What each server holds of a notice (its tag in the text), read from the servers themselves. */
  async live(tag: string) {
    const where = this.where!;
    const has = (text: string | undefined) => (text ?? "").includes(tag);
    return {
      "stadt-mastodon": (await readSnacStatuses(where.snac.url, this.real.snac.token)).filter((s) => has(s.text ?? s.content)),
      "stadt-bluesky": (await readBlueskyPosts(where.pds.url, this.real.account.did)).filter((p) => has(p.value.text)),
      "stadt-facebook": this.graph.pagePosts.filter((p) => p.published && !p.deleted && has(p.message)),
      "stadt-instagram": this.graph.igMedia.filter((m) => has(m.caption)),
      "stadt-linkedin": this.linkedin.livePosts.filter((p) => has(p.body)),
      "stadt-threads": this.threads.threadsPosts.filter((p) => !p.deleted && has(p.text)),
    };
  }
}
