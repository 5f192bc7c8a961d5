import { PackageCollector } from "../../shared/collector.ts";
import { LineIndex, lineOfFirst, note } from "../../shared/index.ts";
import type { ExtractInput, ExtractNote, ExtractResult, Scope } from "../../types.ts";
import { addReference } from "./collector.ts";
import { parseConanReference } from "./reference.ts";

// Conan 2 lockfiles (version 0.5) list references only, with no graph: nothing says which are direct.
const SECTIONS: readonly [string, Scope | undefined][] = [
  ["requires", undefined],
  ["build_requires", "dev"],
  ["python_requires", "dev"],
  ["config_requires", "dev"],
];

/** Read a Conan 2 lockfile (already parsed as `doc`). */
export function readConan2(input: ExtractInput, raw: string, doc: Record<string, unknown>): ExtractResult {
  const lines = new LineIndex(raw);
  const collector = new PackageCollector(input.path, "ConanCenter");
  const notes: ExtractNote[] = [];
  for (const [section, scope] of SECTIONS) {
    const list = doc[section];
    if (list === undefined) continue;
    const sectionAt = raw.indexOf(`"${section}"`);
    if (!Array.isArray(list)) {
      notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `\`${section}\` is not a list`, lines.lineOf(sectionAt)));
      continue;
    }
    let cursor = sectionAt;
    for (const item of list) {
      const at = typeof item === "string" ? raw.indexOf(JSON.stringify(item), cursor) : -1;
      if (at >= 0) cursor = at + 1;
      const line = at >= 0 ? lines.lineOf(at) : lineOfFirst(raw, lines, String(item), sectionAt);
      const ref = typeof item === "string" ? parseConanReference(item) : undefined;
      if (ref === undefined) {
        notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `not a Conan reference: ${JSON.stringify(item)}`, line));
        continue;
      }
      addReference(collector, ref, line, undefined, scope);
    }
  }
  return { packages: collector.packages(), notes };
}
