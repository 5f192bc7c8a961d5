/** Container images: open a docker-archive or OCI layout as a flattened, read-only filesystem. */
export { openImage } from "./open-image.ts";
export type { ImageInfo, ImageLimits, ImageSource, OmittedFile, OpenImageOptions, WantedPredicate } from "./types.ts";
export { DEFAULT_IMAGE_LIMITS } from "./types.ts";
