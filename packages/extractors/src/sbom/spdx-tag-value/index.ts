import { baseName, noteOnly } from "../../shared/index.ts";
import type { Extractor } from "../../types.ts";
import { spdxToResult } from "./inventory.ts";
import { readTagValueDocument } from "./read-document.ts";

/** SPDX 2.x tag-value SBOMs (`*.spdx`): packages with a `PACKAGE-MANAGER purl` external reference. */
export const spdxTagValueExtractor: Extractor = {
  name: "sbom/spdx-tag-value",
  description: "SPDX 2.x tag-value SBOMs (*.spdx; packages with package URLs)",
  fileRequired: (path) => baseName(path).toLowerCase().endsWith(".spdx"),
  detect: (head) => head.includes("SPDXVersion:"),
  async extract(input) {
    const read = readTagValueDocument(input.text());
    if (!read.ok) {
      const code = read.code === "parse" ? "BULWARK_EXTRACT_PARSE_FAILED" : "BULWARK_EXTRACT_FORMAT_UNSUPPORTED";
      return noteOnly(input, code, read.message, read.line);
    }
    return spdxToResult(input, read.doc, []);
  },
};
