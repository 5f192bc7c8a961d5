import { cyclonedxJsonExtractor } from "../sbom/cyclonedx-json/index.ts";
import { cyclonedxXmlExtractor } from "../sbom/cyclonedx-xml/index.ts";
import { spdxJsonExtractor } from "../sbom/spdx-json/index.ts";
import { spdxTagValueExtractor } from "../sbom/spdx-tag-value/index.ts";
import type { Extractor } from "../types.ts";

/** Extractors of this group, in the order they are tried. */
export const extractors: readonly Extractor[] = [
  cyclonedxJsonExtractor,
  cyclonedxXmlExtractor,
  spdxJsonExtractor,
  spdxTagValueExtractor,
];
