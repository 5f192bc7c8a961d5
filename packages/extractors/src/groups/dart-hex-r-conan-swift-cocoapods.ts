import { podfileLockExtractor } from "../cocoapods/podfile-lock/index.ts";
import { conanLockExtractor } from "../conan/conan-lock/index.ts";
import { pubspecLockExtractor } from "../dart/pubspec-lock/index.ts";
import { mixLockExtractor } from "../hex/mix-lock/index.ts";
import { renvLockExtractor } from "../r/renv-lock/index.ts";
import { packageResolvedExtractor } from "../swift/package-resolved/index.ts";
import type { Extractor } from "../types.ts";

/** Extractors of this group, in the order they are tried. */
export const extractors: readonly Extractor[] = [
  pubspecLockExtractor,
  mixLockExtractor,
  renvLockExtractor,
  conanLockExtractor,
  packageResolvedExtractor,
  podfileLockExtractor,
];
