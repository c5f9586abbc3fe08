/**
 * Images uploaded for a post (Mastodon media, Bluesky blobs) are saved as steps of the attempt
 * (`PublishContext.checkpoint`, a `progress` record in the ledger), so that a retry, in this run or a
 * later one, uses them again instead of uploading every image once per attempt: a platform that is rate
 * limiting would otherwise spend its media limit on copies.
 *
 * A step is named by the image's position and a digest of its bytes, so an image prepared differently
 * (another limit, another file) is never taken for one uploaded before.
 */
import { createHash } from "node:crypto";
import type { PublishContext, UploadImage } from "../platform.js";

/** The step name of an uploaded image: `<kind>.<position>.<digest of its bytes>`. */
export function uploadStep(kind: string, index: number, image: UploadImage): string {
  return `${kind}.${index}.${createHash("sha256").update(image.data).digest("hex").slice(0, 16)}`;
}

export interface SavedUploads<T> {
  /** `media`, `blob`: the first part of the step names. */
  kind: string;
  upload(image: UploadImage): Promise<T>;
  /** How an upload is saved in the ledger, and read back. */
  encode(uploaded: T): string;
  decode(saved: string): T;
  /**
   * Whether an upload saved by an earlier run can still be used (Mastodon: the media is still there and
   * not attached). Uploads of this connection are used without asking. Default: yes.
   */
  usable?(saved: T): Promise<boolean>;
  /** Upload one image after the other (Mastodon, whose media limit is per request) rather than all at once. */
  oneByOne?: boolean;
}

/**
 * The images of a post, uploaded: each one saved before (in this attempt's progress) is used again,
 * each other one is uploaded and saved at once. `fresh` holds the saved values this connection uploaded.
 */
export async function savedUploads<T>(images: readonly UploadImage[], ctx: PublishContext, fresh: Set<string>, how: SavedUploads<T>): Promise<T[]> {
  const one = async (image: UploadImage, index: number): Promise<T> => {
    const step = uploadStep(how.kind, index, image);
    const saved = ctx.progress?.[step];
    if (saved !== undefined) {
      const value = how.decode(saved);
      if (fresh.has(saved) || !how.usable || (await how.usable(value))) return value;
    }
    const uploaded = await how.upload(image);
    const encoded = how.encode(uploaded);
    fresh.add(encoded);
    await ctx.checkpoint({ [step]: encoded });
    return uploaded;
  };
  if (!how.oneByOne) return Promise.all(images.map(one));
  const uploaded: T[] = [];
  for (const [index, image] of images.entries()) uploaded.push(await one(image, index));
  return uploaded;
}

/** Forgets the saved uploads of a post (the platform no longer has them): the next attempt uploads anew. */
export function withoutUploads(progress: Record<string, string> | undefined, kind: string): Record<string, string> | undefined {
  return progress && Object.fromEntries(Object.entries(progress).filter(([step]) => !step.startsWith(`${kind}.`)));
}
