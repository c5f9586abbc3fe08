/** How a platform wants its images. Preparation never crops: aspect ratios are fitted by padding. */
export interface ImageSpec {
  /** Accepted formats, in order of preference for re-encoding. */
  formats: readonly ("jpeg" | "png" | "webp" | "gif")[];
  /** Largest file size in bytes. */
  maxBytes: number;
  /** Largest number of pixels (width × height). */
  maxPixels?: number;
  /** Width bounds: wider images are scaled down, narrower ones scaled up. */
  maxWidth?: number;
  minWidth?: number;
  /** Largest side, for platforms that bound both dimensions. */
  maxSide?: number;
  /** Allowed aspect ratio (width / height); outside it the image is padded. */
  aspect?: { min: number; max: number };
}
