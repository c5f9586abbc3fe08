/**
 * The media folder of Instagram and Threads: an image is written without leaving partial files beside
 * the images, also after a writer was killed, and its public URL is checked only where a public URL may be
 * fetched (or a host the config allows).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UploadImage } from "../../../src/platforms/platform.js";
import { hostImage } from "../../../src/platforms/shared/media-host.js";
import { PublishError } from "../../../src/problems.js";
import { startStaticServer, type StaticServer } from "../../fakes/static-server.js";
import { tempDir } from "../../helpers/tmp.js";

const configDir = tempDir();
const mediaDir = path.join(configDir, "media");
mkdirSync(mediaDir);
let server: StaticServer;
beforeAll(async () => {
  server = await startStaticServer(mediaDir);
});
afterAll(async () => {
  await server.stop();
});

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");
const image = (name: string): UploadImage => ({ data: PNG, format: "png", width: 1, height: 1, alt: "Ein winziges Testbild", name });
const signal = new AbortController().signal;

describe("the media URL check", () => {
  it("refuses a media_base_url on loopback unless the config allows the host", async () => {
    const host = { platform: "Instagram", mediaDir: "media", baseUrl: `${server.url}/`, configDir };
    const error = await hostImage(image("a.png"), host, signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).code).toBe("MEDIA_URL_UNREACHABLE");
    expect((error as PublishError).message).toMatch(/127\.0\.0\.1, a loopback address/);
    expect(server.requests).toEqual([]);
    expect(await hostImage(image("a.png"), { ...host, allowHosts: ["127.0.0.1"] }, signal)).toBe(`${server.url}/a.png`);
    expect(server.requests.map((r) => [r.path, r.status])).toEqual([["/a.png", 200]]);
  });

  it("refuses the cloud metadata address", async () => {
    const error = await hostImage(image("b.png"), { platform: "Threads", mediaDir: "media", baseUrl: "http://169.254.169.254/media/", configDir }, signal).catch((e: unknown) => e);
    expect((error as PublishError).message).toMatch(/linkLocal address/);
  });
});

describe("writing into the media folder", () => {
  it("leaves only the image, and removes the partial file of a writer that was killed", async () => {
    // A partial file as a killed run leaves it: named with the id of a process that no longer runs.
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(path.join(mediaDir, `.old.png.partial-${dead}-0a1b2c3d`), PNG.subarray(0, 10));
    // One of a run that is still writing (this process's parent) stays.
    writeFileSync(path.join(mediaDir, `.busy.png.partial-${process.ppid}-0a1b2c3d`), PNG.subarray(0, 10));
    await hostImage(image("c.png"), { platform: "Instagram", mediaDir: "media", baseUrl: `${server.url}/`, configDir, allowHosts: ["127.0.0.1"] }, signal);
    const left = readdirSync(mediaDir).sort();
    expect(left).toContain("c.png");
    expect(left.filter((name) => name.includes(".partial-"))).toEqual([`.busy.png.partial-${process.ppid}-0a1b2c3d`]);
  });
});
