import { baseName } from "../../shared/index.ts";
import { bomToResult } from "../../shared/sbom/component-inventory.ts";
import { failureResult, skippedNotes } from "../../shared/sbom/read-outcome.ts";
import type { Extractor } from "../../types.ts";
import { readJsonBom } from "./read-bom.ts";

const EXACT_NAMES = new Set(["bom.json", "sbom.json", "cyclonedx.json"]);
const SUFFIXES = [".bom.json", ".cdx.json", ".sbom.json"];

/** Names CycloneDX tools give their JSON output (`bom.json`, `x.cdx.json`, `bom.1.4.json`…). */
function isCycloneDxJsonName(path: string): boolean {
  const name = baseName(path).toLowerCase();
  if (!name.endsWith(".json")) return false;
  return EXACT_NAMES.has(name) || name.startsWith("bom.") || SUFFIXES.some((s) => name.endsWith(s));
}

/** CycloneDX 1.x JSON SBOMs: every component with a package URL, nested ones included. */
export const cyclonedxJsonExtractor: Extractor = {
  name: "sbom/cyclonedx-json",
  description: "CycloneDX 1.2–1.6 JSON SBOMs (components with package URLs)",
  fileRequired: isCycloneDxJsonName,
  detect: (head) => head.includes('"bomFormat"') && head.includes('"CycloneDX"'),
  async extract(input) {
    const read = readJsonBom(input.text());
    if (!read.ok) return failureResult(input, read);
    return bomToResult(input, read.bom, skippedNotes(input, read.problems));
  },
};
