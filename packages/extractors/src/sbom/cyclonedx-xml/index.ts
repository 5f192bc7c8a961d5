import { baseName } from "../../shared/index.ts";
import { bomToResult } from "../../shared/sbom/component-inventory.ts";
import { failureResult, skippedNotes } from "../../shared/sbom/read-outcome.ts";
import type { Extractor } from "../../types.ts";
import { readXmlBom } from "./read-bom.ts";

const SUFFIXES = [".bom.xml", ".cdx.xml"];

/** Names CycloneDX tools give their XML output (`bom.xml`, `x.cdx.xml`, `bom.1.4.xml`…). */
function isCycloneDxXmlName(path: string): boolean {
  const name = baseName(path).toLowerCase();
  if (!name.endsWith(".xml")) return false;
  return name.startsWith("bom.") || SUFFIXES.some((s) => name.endsWith(s));
}

/** CycloneDX 1.x XML SBOMs: every component with a package URL, nested ones included; no DTD is read. */
export const cyclonedxXmlExtractor: Extractor = {
  name: "sbom/cyclonedx-xml",
  description: "CycloneDX 1.0–1.6 XML SBOMs (components with package URLs)",
  fileRequired: isCycloneDxXmlName,
  detect: (head) => head.includes("<bom") && head.includes("cyclonedx.org/schema/bom"),
  async extract(input) {
    const read = readXmlBom(input.text());
    if (!read.ok) return failureResult(input, read);
    return bomToResult(input, read.bom, skippedNotes(input, read.problems));
  },
};
