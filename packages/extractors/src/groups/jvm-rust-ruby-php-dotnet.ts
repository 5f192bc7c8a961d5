import { cargoLockExtractor } from "../cargo/cargo-lock/index.ts";
import { gradleLockfileExtractor } from "../maven/gradle-lockfile/index.ts";
import { mavenPomExtractor } from "../maven/pom/index.ts";
import { nugetPackagesLockExtractor } from "../nuget/packages-lock/index.ts";
import { composerLockExtractor } from "../php/composer-lock/index.ts";
import { gemfileLockExtractor } from "../ruby/gemfile-lock/index.ts";
import type { Extractor } from "../types.ts";

/** Extractors of this group, in the order they are tried. */
export const extractors: readonly Extractor[] = [
  mavenPomExtractor,
  gradleLockfileExtractor,
  cargoLockExtractor,
  gemfileLockExtractor,
  composerLockExtractor,
  nugetPackagesLockExtractor,
];
