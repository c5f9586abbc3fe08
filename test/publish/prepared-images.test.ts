/**
 * The images a run uploads are a value of that run (PreparedImages), made by the plan and handed to the
 * pipeline: nothing is kept in a module between runs.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { planNotice, prepareImages } from "../../src/plan/plan.js";
import { testConfig, testNotice } from "../helpers/plan-fixtures.js";
import { tempDir } from "../helpers/tmp.js";

const dir = tempDir();

async function png(name: string, width: number, height: number): Promise<string> {
  const file = path.join(dir, name);
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 13) % 251;
  writeFileSync(file, await sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer());
  return file;
}

const mastodon = (name: string) => ({ name, platform: "mastodon" as const, settings: { instance: "https://m.example", access_token: "${T}", visibility: "public" } });

describe("prepared images", () => {
  it("with retain: the bytes per channel and post, named by their content, with the notice's alt text", async () => {
    const file = await png("karte.png", 320, 200);
    const notice = testNotice("Meldung mit Karte.", { images: [{ file, path: "karte.png", alt: "Karte der Sperrung" }] });
    const plan = planNotice(notice, testConfig([mastodon("m1"), mastodon("m2")]));
    expect(plan.problems).toEqual([]);
    const images = await prepareImages(plan, notice, { retain: true });
    expect([...images.keys()]).toEqual(["m1", "m2"]);
    const [first] = images.get("m1")!;
    expect(first).toHaveLength(1);
    expect(first![0]).toMatchObject({ alt: "Karte der Sperrung", format: "png", width: 320, height: 200, name: expect.stringMatching(/^[0-9a-f]{20}\.png$/) });
    expect((await sharp(first![0]!.data).metadata()).width).toBe(320);
    // Two channels of one platform share the spec: the image is prepared once, its bytes shared.
    expect(images.get("m2")![0]![0]!.data).toBe(first![0]!.data);
    // The plan records the measurements either way.
    expect(plan.channels[0]!.images[0]!.prepared).toMatchObject({ format: "png", width: 320, height: 200 });
  });

  it("without retain (preview, validate): measurements only, no bytes held", async () => {
    const file = await png("plan.png", 200, 200);
    const notice = testNotice("Meldung mit Plan.", { images: [{ file, path: "plan.png", alt: "Lageplan" }] });
    const plan = planNotice(notice, testConfig([mastodon("m1")]));
    const images = await prepareImages(plan, notice);
    expect(images.size).toBe(0);
    expect(plan.channels[0]!.images[0]!.prepared).toMatchObject({ width: 200, height: 200 });
  });

  it("each run prepares its own: a file changed between two runs is read again", async () => {
    const file = await png("wechsel.png", 300, 100);
    const notice = testNotice("Meldung.", { images: [{ file, path: "wechsel.png", alt: "Bild" }] });
    const run = async () => (await prepareImages(planNotice(notice, testConfig([mastodon("m1")])), notice, { retain: true })).get("m1")![0]![0]!;
    expect((await run()).width).toBe(300);
    await png("wechsel.png", 120, 100);
    expect((await run()).width).toBe(120);
  });
});
