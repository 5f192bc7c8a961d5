import { baseName } from "../../shared/index.ts";
import { failureResult, skippedNotes } from "../../shared/sbom/read-outcome.ts";
import { spdxToResult } from "../../shared/sbom/spdx-inventory.ts";
import type { Extractor } from "../../types.ts";
import { readJsonDocument } from "./read-document.ts";

/** `x.spdx.json`, `spdx.json`; `x.spdx3.json` is taken too, to say that SPDX 3 is not read. */
function isSpdxJsonName(path: string): boolean {
  const name = baseName(path).toLowerCase();
  return name === "spdx.json" || name.endsWith(".spdx.json") || name.endsWith(".spdx3.json");
}

/** SPDX 2.2/2.3 JSON SBOMs: packages with a `PACKAGE-MANAGER purl` external reference. */
export const spdxJsonExtractor: Extractor = {
  name: "sbom/spdx-json",
  description: "SPDX 2.2/2.3 JSON SBOMs (packages with package URLs)",
  fileRequired: isSpdxJsonName,
  detect: (head) => head.includes('"spdxVersion"'),
  async extract(input) {
    const read = readJsonDocument(input.text());
    if (!read.ok) return failureResult(input, read);
    return spdxToResult(input, read.doc, skippedNotes(input, read.problems));
  },
};
