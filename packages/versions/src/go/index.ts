import { type SemverLike, semverPrecedenceKey } from "../shared/semver-precedence.ts";
import { compareKeys } from "../shared/sortable-key.ts";
import type { VersionScheme } from "../types.ts";

/** A parsed Go module or toolchain version, ordered by SemVer precedence through `key`. */
export type GoVersion = SemverLike;

/** Longest string we try to read; hostile input beyond this is simply invalid. */
const MAX_LENGTH = 256;

// golang.org/x/mod/semver grammar: no leading zeros in numbers or numeric prerelease
// identifiers; the vMAJOR and vMAJOR.MINOR shorthands may not carry a prerelease or build.
const NUM = "(0|[1-9][0-9]*)";
const PRE_ID = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
const BUILD_ID = "[0-9A-Za-z-]+";
const FULL = new RegExp(
  `^v?${NUM}\\.${NUM}\\.${NUM}(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+(${BUILD_ID}(?:\\.${BUILD_ID})*))?$`,
);
const SHORT = new RegExp(`^v?${NUM}(?:\\.${NUM})?$`);

// Go release tags: go1, go1.9, go1.21.0, go1.21rc2, go1.9beta1 (a prerelease only
// follows MAJOR.MINOR, as Go never tagged e.g. go1.21.0rc1).
const TOOLCHAIN = /^go(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)|(beta|rc)(0|[1-9][0-9]*))?)?$/;

/**
 * Convert a Go toolchain/release tag (`go1.21rc2`, `go1.9`, `go1.21.0`, `go1`) to the
 * SemVer spelling OSV uses for the `stdlib` and `toolchain` packages (`1.21.0-rc.2`,
 * `1.9.0`, `1.21.0`, `1.0.0`), without the `v`. `undefined` when it is not such a tag.
 */
export function goToolchainToSemver(tag: string): string | undefined {
  if (typeof tag !== "string" || tag.length > MAX_LENGTH) return undefined;
  const m = TOOLCHAIN.exec(tag.trim());
  if (m === null) return undefined;
  const base = `${m[1]}.${m[2] ?? "0"}.${m[3] ?? "0"}`;
  return m[4] === undefined ? base : `${base}-${m[4]}.${m[5]}`;
}

/**
 * Parse a Go version: a module version with or without `v` (OSV Go records omit it),
 * including shorthands, pseudo-versions and `+incompatible`, or a toolchain tag
 * (`go1.21rc2`). `undefined` when invalid.
 */
export function parseGo(s: string): GoVersion | undefined {
  if (typeof s !== "string" || s.length > MAX_LENGTH) return undefined;
  let text = s.trim();
  if (text.startsWith("go")) {
    const converted = goToolchainToSemver(text);
    if (converted === undefined) return undefined;
    text = converted;
  }
  const full = FULL.exec(text);
  if (full !== null) {
    const [, major = "0", minor = "0", patch = "0", pre, build] = full;
    const prerelease = pre === undefined ? [] : pre.split(".");
    return {
      key: semverPrecedenceKey(major, minor, patch, prerelease),
      major,
      minor,
      patch,
      prerelease,
      build: build === undefined ? [] : build.split("."),
    };
  }
  const short = SHORT.exec(text);
  if (short === null) return undefined;
  const [, major = "0", minor = "0"] = short;
  return { key: semverPrecedenceKey(major, minor, "0", []), major, minor, patch: "0", prerelease: [], build: [] };
}

/** Go module versions ordered as golang.org/x/mod/semver.Compare does. */
export const goScheme: VersionScheme<GoVersion> = {
  id: "go",
  title: "Go module versions (golang.org/x/mod/semver)",
  parse: parseGo,
  compare: (a, b) => compareKeys(a.key, b.key),
};
