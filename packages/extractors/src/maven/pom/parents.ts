import { errorMessage, note, resolveRelative } from "../../shared/index.ts";
import type { ExtractInput, ExtractNote } from "../../types.ts";
import { type Pom, parsePom } from "./model.ts";

// Deep enough for real hierarchies (company parent → project parent → module), small enough to
// stop a chain of POMs pointing at each other.
const MAX_DEPTH = 10;

/** Where Maven looks for a parent locally: `relativePath` (a directory means its `pom.xml`), default `../pom.xml`. */
function parentFile(relativePath: string | undefined): string {
  const p = relativePath ?? "../pom.xml";
  return p.endsWith(".xml") ? p : `${p.replace(/\/+$/, "")}/pom.xml`;
}

function coordinates(p: { groupId?: string; artifactId?: string; version?: string }): string {
  return `${p.groupId ?? "?"}:${p.artifactId ?? "?"}${p.version ? `:${p.version}` : ""}`;
}

/**
 * The chain of local parent POMs of `child`, nearest first, read through `input.readFile`.
 * A parent that cannot be found, read or recognised ends the chain with a
 * BULWARK_EXTRACT_REFERENCE_MISSING note; an explicit empty `<relativePath/>` (a parent from a
 * repository, by Maven's own rule) ends it silently.
 */
export async function localAncestors(input: ExtractInput, child: Pom): Promise<{ poms: Pom[]; notes: ExtractNote[] }> {
  const poms: Pom[] = [];
  const notes: ExtractNote[] = [];
  const visited = new Set([input.path]);
  let current = child;
  let currentPath = input.path;
  for (let depth = 0; depth < MAX_DEPTH && current.parent; depth++) {
    const ref = current.parent;
    if (ref.relativePath === "") break;
    const path = resolveRelative(currentPath, parentFile(ref.relativePath));
    const missing = (why: string) =>
      notes.push(note(input, "BULWARK_EXTRACT_REFERENCE_MISSING", `parent POM ${coordinates(ref)} ${why}`));
    if (path === undefined) {
      missing("is outside the scanned root");
      break;
    }
    if (visited.has(path)) break;
    visited.add(path);
    const bytes = await input.readFile(`/${path}`);
    if (bytes === undefined) {
      missing(`not found at ${path}`);
      break;
    }
    let parent: Pom;
    try {
      parent = parsePom(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ""));
    } catch (err) {
      missing(`at ${path} cannot be read: ${errorMessage(err)}`);
      break;
    }
    const groupId = parent.groupId ?? parent.parent?.groupId;
    if (parent.artifactId !== ref.artifactId || groupId !== ref.groupId) {
      missing(`not found: ${path} is ${coordinates({ groupId, artifactId: parent.artifactId })}`);
      break;
    }
    poms.push(parent);
    current = parent;
    currentPath = path;
  }
  return { poms, notes };
}
