import { baseName, makePackage, note, noteOnly } from "../../shared/index.ts";
import { arrayTableHeaderLines, isTomlTable, readTomlTable, type TomlTable } from "../../shared/toml.ts";
import type { ExtractedPackage, ExtractNote, Extractor, ExtractResult } from "../../types.ts";
import { classify, type UvNode } from "./graph.ts";

function sourceKind(pkg: TomlTable): string | undefined {
  return isTomlTable(pkg.source) ? Object.keys(pkg.source)[0] : undefined;
}

/** Reads `uv.lock` (version 1): every locked package except the project and its workspace members. */
export const uvLockExtractor: Extractor = {
  name: "pypi/uv-lock",
  description: "uv lockfiles (uv.lock, version 1)",
  fileRequired: (path) => baseName(path) === "uv.lock",
  async extract(input): Promise<ExtractResult> {
    const text = input.text();
    const read = readTomlTable(input, text, "uv.lock");
    if (read.failed) return read.failed;
    const doc = read.doc;
    if (doc.version !== 1) {
      return noteOnly(input, "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", `uv.lock version ${String(doc.version)}`);
    }
    if (doc.package !== undefined && !Array.isArray(doc.package)) {
      return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "uv.lock: `package` is not an array of tables");
    }
    const lines = arrayTableHeaderLines(text, "package");
    const notes: ExtractNote[] = [];
    const nodes: (UvNode & { line: number | undefined })[] = [];
    for (const [i, pkg] of ((doc.package ?? []) as unknown[]).entries()) {
      if (!isTomlTable(pkg) || typeof pkg.name !== "string") {
        notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", "a [[package]] entry has no name", lines[i]));
        continue;
      }
      const kind = sourceKind(pkg);
      const version = typeof pkg.version === "string" ? pkg.version : undefined;
      nodes.push({
        name: pkg.name,
        version,
        root: kind === "editable" || kind === "virtual",
        raw: pkg,
        line: lines[i],
      });
    }
    const facts = classify(nodes);
    const packages: ExtractedPackage[] = [];
    nodes.forEach((node, i) => {
      // The project, workspace members and local directories are the project's own code.
      if (node.root || sourceKind(node.raw) === "directory") return;
      if (node.version === undefined) {
        notes.push(note(input, "BULWARK_EXTRACT_UNPINNED", `${node.name} has no version`, node.line));
        return;
      }
      const fact = facts.get(i);
      packages.push(
        makePackage({
          ecosystem: "PyPI",
          name: node.name,
          version: node.version,
          locations: [node.line === undefined ? { path: input.path } : { path: input.path, line: node.line }],
          relation: fact?.relation,
          scope: fact?.scope,
        }),
      );
    });
    return { packages, notes };
  },
};
