import { extractors as dartHexRConanSwiftCocoapods } from "./groups/dart-hex-r-conan-swift-cocoapods.ts";
import { extractors as jvmRustRubyPhpDotnet } from "./groups/jvm-rust-ruby-php-dotnet.ts";
import { extractors as npm } from "./groups/npm.ts";
import { extractors as os } from "./groups/os.ts";
import { extractors as pythonGo } from "./groups/python-go.ts";
import { extractors as sbom } from "./groups/sbom.ts";
import type { Extractor } from "./types.ts";

/**
 * Every extractor, explicitly listed (one group file per family of ecosystems). A test
 * asserts that the folders on disk, this list and docs/extending/extractors.md agree.
 */
export const EXTRACTORS: readonly Extractor[] = [
  ...npm,
  ...pythonGo,
  ...jvmRustRubyPhpDotnet,
  ...dartHexRConanSwiftCocoapods,
  ...os,
  ...sbom,
];

/** The extractor with this name (`npm/package-lock`), if any. */
export function extractorByName(name: string): Extractor | undefined {
  return EXTRACTORS.find((e) => e.name === name);
}

/** The extractors that want this file (path relative to the scanned root, `/`-separated). */
export function extractorsFor(path: string, among: readonly Extractor[] = EXTRACTORS): Extractor[] {
  return among.filter((e) => e.fileRequired(path));
}
