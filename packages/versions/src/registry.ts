import { apkScheme } from "./apk/index.ts";
import { cranScheme } from "./cran/index.ts";
import { dpkgScheme } from "./dpkg/index.ts";
import { ecosystemInfo } from "./ecosystems.ts";
import { goScheme } from "./go/index.ts";
import { hackageScheme } from "./hackage/index.ts";
import { mavenScheme } from "./maven/index.ts";
import { nugetScheme } from "./nuget/index.ts";
import { packagistScheme } from "./packagist/index.ts";
import { pep440Scheme } from "./pep440/index.ts";
import { pubScheme } from "./pub/index.ts";
import { rpmScheme } from "./rpm/index.ts";
import { rubygemsScheme } from "./rubygems/index.ts";
import { semverScheme } from "./semver/index.ts";
import type { AnyVersionScheme } from "./types.ts";

/** Every version scheme, in the order of `docs/extending/version-schemes.md`. */
export const SCHEMES: readonly AnyVersionScheme[] = [
  semverScheme,
  goScheme,
  pep440Scheme,
  mavenScheme,
  nugetScheme,
  rubygemsScheme,
  packagistScheme,
  pubScheme,
  cranScheme,
  hackageScheme,
  dpkgScheme,
  apkScheme,
  rpmScheme,
] as AnyVersionScheme[];

const BY_ID = new Map(SCHEMES.map((s) => [s.id, s]));

/** The scheme with this id (`semver`, `pep440`, ...). */
export function schemeById(id: string): AnyVersionScheme | undefined {
  return BY_ID.get(id);
}

/**
 * The scheme that orders versions of an OSV ecosystem (suffixes allowed:
 * `Debian:12`, `Ubuntu:22.04:LTS`). `undefined` for an unknown ecosystem or one
 * whose versions cannot be ordered.
 */
export function schemeForEcosystem(ecosystem: string): AnyVersionScheme | undefined {
  const info = ecosystemInfo(ecosystem);
  return info?.scheme === undefined ? undefined : BY_ID.get(info.scheme);
}
