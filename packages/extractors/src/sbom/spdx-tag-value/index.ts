import { baseName } from "../../shared/index.ts";
import { failureResult } from "../../shared/sbom/read-outcome.ts";
import { spdxToResult } from "../../shared/sbom/spdx-inventory.ts";
import type { Extractor } from "../../types.ts";
import { readTagValueDocument } from "./read-document.ts";

/** SPDX 2.x tag-value SBOMs (`*.spdx`): packages with a `PACKAGE-MANAGER purl` external reference. */
export const spdxTagValueExtractor: Extractor = {
  name: "sbom/spdx-tag-value",
  description: "SPDX 2.x tag-value SBOMs (*.spdx; packages with package URLs)",
  fileRequired: (path) => baseName(path).toLowerCase().endsWith(".spdx"),
  detect: (head) => head.includes("SPDXVersion:"),
  async extract(input) {
    const read = readTagValueDocument(input.text());
    if (!read.ok) return failureResult(input, read);
    return spdxToResult(input, read.doc, []);
  },
};
