import { extractorsFor } from "@bulwark/extractors";

/**
 * OSV-Scanner v2's `source.type` vocabulary (`models.SourceType`). Bulwark never reads git
 * submodules, so `git` is listed only to keep the vocabulary whole.
 */
export type OsvSourceType = "lockfile" | "sbom" | "os" | "artifact" | "git" | "unknown";

// Extractors that read what is installed (a node_modules tree, site-packages metadata) rather
// than a lockfile: OSV-Scanner files such packages under `artifact`.
const ARTIFACT_EXTRACTORS: ReadonlySet<string> = new Set(["npm/node-modules", "pypi/dist-info"]);

function typeOfExtractor(name: string): OsvSourceType {
  if (name.startsWith("os/")) return "os";
  if (name.startsWith("sbom/")) return "sbom";
  if (ARTIFACT_EXTRACTORS.has(name)) return "artifact";
  return "lockfile";
}

/**
 * The source type of a file, from the extractor that reads it; `unknown` when no extractor
 * claims the name (a file given on the command line and recognised by its content).
 */
export function sourceTypeOf(path: string): OsvSourceType {
  const extractor = extractorsFor(path)[0];
  return extractor === undefined ? "unknown" : typeOfExtractor(extractor.name);
}
