// Regenerates docs/errors.md from the error registry.
import { writeFileSync } from "node:fs";
import { renderErrorsMarkdown } from "../packages/core/src/errors-doc.ts";

writeFileSync(new URL("../docs/errors.md", import.meta.url), renderErrorsMarkdown());
