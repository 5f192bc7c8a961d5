import { baseName, dirName, makePackage, note, resolveRelative } from "../../shared/index.ts";
import type { ExtractedPackage, ExtractNote, Extractor, ExtractResult, PackageLocation } from "../../types.ts";
import { classifyLine, pinnedVersion } from "./classify.ts";
import { logicalLines } from "./logical-lines.ts";

/** How deep `-r`/`-c` includes are followed; pip has no limit, a scanner needs one. */
const MAX_INCLUDE_DEPTH = 16;
const decoder = new TextDecoder("utf-8", { fatal: false });

interface Unpinned {
  readonly name: string;
  readonly location: PackageLocation & { line: number };
}

/** State of one extraction: every file it read, what it found, what still waits for a constraint. */
interface Walk {
  readonly visited: Set<string>;
  readonly packages: Map<string, ExtractedPackage>;
  readonly unpinned: Unpinned[];
  readonly constraints: Map<string, { version: string; location: PackageLocation }>;
  readonly notes: ExtractNote[];
  readonly relation: "direct" | undefined;
  readonly read: (rootPath: string) => Promise<Uint8Array | undefined>;
}

/** PEP 503 comparison key; names keep their spelling in output, the purl normalises them. */
function nameKey(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

function addPackage(walk: Walk, name: string, version: string, locations: PackageLocation[]): void {
  const key = `${nameKey(name)}@${version}`;
  const seen = walk.packages.get(key);
  if (seen === undefined) {
    walk.packages.set(key, makePackage({ ecosystem: "PyPI", name, version, locations, relation: walk.relation }));
    return;
  }
  const fresh = locations.filter((l) => !seen.locations.some((s) => s.path === l.path && s.line === l.line));
  walk.packages.set(key, { ...seen, locations: [...seen.locations, ...fresh] });
}

async function followInclude(
  walk: Walk,
  from: string,
  target: string,
  line: number,
  asConstraint: boolean,
  depth: number,
): Promise<void> {
  const resolved = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(target) ? undefined : resolveRelative(from, target);
  if (resolved === undefined) {
    walk.notes.push(note({ path: from }, "BULWARK_EXTRACT_REFERENCE_MISSING", `include not followed: ${target}`, line));
    return;
  }
  if (walk.visited.has(resolved)) return;
  if (depth >= MAX_INCLUDE_DEPTH) {
    const message = `include deeper than ${MAX_INCLUDE_DEPTH} files not followed: ${target}`;
    walk.notes.push(note({ path: from }, "BULWARK_EXTRACT_REFERENCE_MISSING", message, line));
    return;
  }
  const bytes = await walk.read(resolved);
  if (bytes === undefined) {
    walk.notes.push(
      note({ path: from }, "BULWARK_EXTRACT_REFERENCE_MISSING", `included file not found: ${target}`, line),
    );
    return;
  }
  await readFile(walk, resolved, decoder.decode(bytes), asConstraint, depth + 1);
}

async function readFile(walk: Walk, path: string, text: string, asConstraint: boolean, depth: number): Promise<void> {
  walk.visited.add(path);
  for (const { text: lineText, line } of logicalLines(text)) {
    const entry = classifyLine(lineText);
    const location = { path, line };
    switch (entry.kind) {
      case "include":
        await followInclude(walk, path, entry.target, line, asConstraint || entry.constraint, depth);
        break;
      case "reference":
        if (!entry.pinned && !asConstraint) {
          const message = `not inventoried: a URL, VCS or editable requirement without a version: ${lineText}`;
          walk.notes.push(note({ path }, "BULWARK_EXTRACT_UNPINNED", message, line));
        }
        break;
      case "requirement": {
        const version = pinnedVersion(entry.specifier);
        if (asConstraint) {
          if (version !== undefined && !walk.constraints.has(nameKey(entry.name))) {
            walk.constraints.set(nameKey(entry.name), { version, location });
          }
        } else if (version !== undefined) addPackage(walk, entry.name, version, [location]);
        else walk.unpinned.push({ name: entry.name, location });
        break;
      }
      case "invalid":
        walk.notes.push(note({ path }, "BULWARK_EXTRACT_PARSE_FAILED", `not a requirement: ${lineText}`, line));
        break;
      default:
        // Options (--index-url, --hash on its own, --pre…) and local paths (the project itself) carry no package.
        break;
    }
  }
}

function settleUnpinned(walk: Walk): void {
  for (const req of walk.unpinned) {
    const pin = walk.constraints.get(nameKey(req.name));
    if (pin !== undefined) {
      addPackage(walk, req.name, pin.version, [req.location, pin.location]);
      continue;
    }
    const message = `${req.name} has no exact version (== or ===)`;
    walk.notes.push(note({ path: req.location.path }, "BULWARK_EXTRACT_UNPINNED", message, req.location.line));
  }
}

function isRequirementsFile(path: string): boolean {
  const name = baseName(path);
  if (!name.endsWith(".txt")) return false;
  if (name.startsWith("requirements") || name.startsWith("constraints") || name.endsWith("requirements.txt")) {
    return true;
  }
  return baseName(dirName(path)) === "requirements";
}

/** Reads pip requirements files, following `-r` and `-c` includes; only exact pins become packages. */
export const requirementsExtractor: Extractor = {
  name: "pypi/requirements",
  description: "pip requirements files (requirements*.txt, requirements/*.txt, constraints*.txt) with -r/-c includes",
  fileRequired: isRequirementsFile,
  async extract(input): Promise<ExtractResult> {
    // A constraints file scanned on its own is the pin list of a `pip install -c` setup; we cannot
    // tell which of its pins were asked for directly, so they carry no relation.
    const standaloneConstraints = baseName(input.path).startsWith("constraints");
    const walk: Walk = {
      visited: new Set(),
      packages: new Map(),
      unpinned: [],
      constraints: new Map(),
      notes: [],
      relation: standaloneConstraints ? undefined : "direct",
      read: (rootPath) => input.readFile(`/${rootPath}`),
    };
    await readFile(walk, input.path, input.text(), false, 0);
    settleUnpinned(walk);
    return { packages: [...walk.packages.values()], notes: walk.notes };
  },
};
