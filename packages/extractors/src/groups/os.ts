import { apkExtractor } from "../os/apk/index.ts";
import { dpkgExtractor } from "../os/dpkg/index.ts";
import { rpmExtractor } from "../os/rpm/index.ts";
import type { Extractor } from "../types.ts";

/** Extractors of this group, in the order they are tried. */
export const extractors: readonly Extractor[] = [dpkgExtractor, apkExtractor, rpmExtractor];
