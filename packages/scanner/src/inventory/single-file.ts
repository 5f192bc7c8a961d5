import { BulwarkError } from "@bulwark/core";
import { EXTRACTORS, type Extractor } from "@bulwark/extractors";

const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * The extractors for a file the user named explicitly: those that recognise its name, else
 * those whose `detect` recognises its first 4 KiB (`my-sbom.json`). None is a coded error.
 */
export function extractorsForNamedFile(
  name: string,
  head: Uint8Array,
  among: readonly Extractor[] = EXTRACTORS,
): Extractor[] {
  const byName = among.filter((e) => e.fileRequired(name));
  if (byName.length > 0) return byName;
  const text = decoder.decode(head.subarray(0, 4096));
  const byContent = among.filter((e) => e.detect?.(text) === true);
  if (byContent.length > 0) return byContent;
  throw new BulwarkError("BULWARK_INPUT_FORMAT_UNKNOWN", `no extractor reads ${JSON.stringify(name)}`, {
    hint: "Name the file as its tool does (package-lock.json, poetry.lock, go.mod, bom.json, *.spdx.json …), or pass its directory; `bulwark sbom --list-extractors` lists the formats.",
    details: { file: name },
  });
}
