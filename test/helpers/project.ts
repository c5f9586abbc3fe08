/**
 * A throw-away project folder for publishing tests: a channels.yaml, notices and images, and the
 * state folder the CLI writes (ledger, locks, sessions).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { startStaticServer, type StaticServer } from "../fakes/static-server.js";
import { channels, facebookChannel, instagramChannel, linkedinChannel, mastodonChannel, threadsChannel, type ChannelEntry, type FacebookChannel, type InstagramChannel, type LinkedInChannel, type MastodonChannel, type ThreadsChannel } from "./channels.js";
import { tempDir } from "./tmp.js";

/** Loopback hosts of the test servers, for `allow_hosts` (the link card and media URL checks refuse them otherwise). */
export const LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1"];

export interface TestProject {
  dir: string;
  config: string;
  stateDir: string;
  writeNotice(name: string, frontMatter: Record<string, unknown>, body: string): string;
  /** Every file the tool wrote under the project folder, with its content. */
  writtenFiles(): { file: string; content: Buffer }[];
}

/** A project with this channels.yaml: from {@link channels}, or literal YAML where the YAML itself is tested. */
export async function createProject(configYaml: string): Promise<TestProject> {
  const dir = tempDir("announce-project-");
  mkdirSync(path.join(dir, "images"));
  // A small real PNG (a map-like pattern) for image posts.
  const raw = Buffer.alloc(320 * 200 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7) % 251;
  writeFileSync(path.join(dir, "images", "karte.png"), await sharp(raw, { raw: { width: 320, height: 200, channels: 3 } }).png().toBuffer());
  const config = path.join(dir, "channels.yaml");
  writeFileSync(config, configYaml);
  return {
    dir,
    config,
    stateDir: path.join(dir, ".announce"),
    writeNotice(name, frontMatter, body) {
      const file = path.join(dir, `${name}.md`);
      const yaml = Object.entries(frontMatter)
        .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
        .join("\n");
      writeFileSync(file, `---\n${yaml}\n---\n${body}\n`);
      return file;
    },
    writtenFiles() {
      const out: { file: string; content: Buffer }[] = [];
      const walk = (d: string) => {
        for (const entry of readdirSync(d)) {
          const p = path.join(d, entry);
          if (statSync(p).isDirectory()) walk(p);
          else out.push({ file: p, content: readFileSync(p) });
        }
      };
      walk(dir);
      return out;
    },
  };
}

/** A text long enough for a three-post thread at 300 characters per post. */
export function threadText(tag: string): string {
  const paragraph = (n: number) => `Absatz ${n} der Meldung ${tag}: Die Stadt informiert über Sperrungen, Umleitungen und Ersatzhaltestellen. Bitte planen Sie mehr Zeit ein und achten Sie auf die Beschilderung vor Ort.`;
  return [1, 2, 3, 4].map(paragraph).join("\n\n");
}

/** Where the fakes of a publishing test listen; a channel is configured for each one given. */
export interface FakeUrls {
  mastodon?: string;
  facebook?: string;
  instagram?: string;
  threads?: string;
  linkedin?: string;
}

/** Settings added to (or replacing) those of a channel of {@link createFakesProject}, e.g. `{ th: { max_characters: 300 } }`. */
export interface FakeChannelExtras {
  m?: Partial<Omit<MastodonChannel, "platform">>;
  fb?: Partial<Omit<FacebookChannel, "platform">>;
  ig?: Partial<Omit<InstagramChannel, "platform">>;
  th?: Partial<Omit<ThreadsChannel, "platform">>;
  li?: Partial<Omit<LinkedInChannel, "platform">>;
}

/**
 * A project whose channels.yaml (`defaults: { lang: de }`) has one channel per fake: `m`, `fb`, `ig`, `th`,
 * `li`, with the tokens `${M_TOKEN}`, `${FB}`, `${IG}`, `${TH}`, `${LI}` and the accounts the fakes are
 * made with (page 1234, Instagram user 1784, Threads user 1789, organization 123). Instagram and Threads
 * publish images from the project's `media` folder, served by a static server of its own.
 */
export async function createFakesProject(urls: FakeUrls, extra: FakeChannelExtras = {}): Promise<{ project: TestProject; media: StaticServer }> {
  const project = await createProject(channels({}));
  mkdirSync(path.join(project.dir, "media"));
  const media = await startStaticServer(path.join(project.dir, "media"));
  const hosted = { media_base_url: `${media.url}/`, media_dir: "./media" };
  const entries: Record<string, ChannelEntry> = {};
  if (urls.mastodon) entries.m = mastodonChannel({ instance: urls.mastodon, access_token: "${M_TOKEN}", ...extra.m });
  if (urls.facebook) entries.fb = facebookChannel({ page_id: "1234", access_token: "${FB}", api_url: urls.facebook, ...extra.fb });
  if (urls.instagram) entries.ig = instagramChannel({ ig_user_id: "1784", access_token: "${IG}", api_url: urls.instagram, ...hosted, ...extra.ig });
  if (urls.threads) entries.th = threadsChannel({ user_id: "1789", access_token: "${TH}", api_url: urls.threads, ...hosted, ...extra.th });
  if (urls.linkedin) entries.li = linkedinChannel({ organization: "urn:li:organization:123", access_token: "${LI}", api_url: urls.linkedin, ...extra.li });
  // The fakes and the media server listen on loopback, which only allow_hosts lets the media URL check reach.
  writeFileSync(project.config, channels(entries, { defaults: { lang: "de" }, allow_hosts: LOCAL_HOSTS }));
  return { project, media };
}
