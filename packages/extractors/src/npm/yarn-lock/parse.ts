/** One entry of a yarn.lock: the header's descriptors and the fields indented under it. */
export interface YarnBlock {
  /** 1-based line of the header (`"a@^1", a@~1:`). */
  readonly line: number;
  /** `name@range` descriptors of the header, unquoted (`@babel/core@npm:^7.0.0`). */
  readonly descriptors: readonly string[];
  /** Scalar fields one level down: `version`, `resolved`, `resolution`, `linkType`... */
  readonly fields: Map<string, string>;
  /** `dependencies` and `optionalDependencies` entries as [name, range]. */
  readonly dependencies: [string, string][];
}

/** A parsed yarn.lock, or the first line that does not fit the format. */
export type ParsedYarnLock =
  | { readonly blocks: YarnBlock[]; readonly berry: boolean }
  | { readonly error: string; readonly line: number };

const EDGE_SECTIONS = new Set(["dependencies", "optionalDependencies"]);

function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    try {
      return JSON.parse(s) as string;
    } catch {
      return s.slice(1, -1);
    }
  }
  return s;
}

/** `key value` (v1) or `key: value` (Berry), with either side possibly double-quoted. */
function keyValue(s: string): [string, string] {
  let end: number;
  if (s.startsWith('"')) {
    end = s.indexOf('"', 1) + 1;
    if (end === 0) end = s.length;
  } else {
    const colon = s.indexOf(":");
    const space = s.indexOf(" ");
    end = colon < 0 ? space : space < 0 ? colon : Math.min(colon, space);
    if (end < 0) end = s.length;
  }
  let rest = s.slice(end);
  if (rest.startsWith(":")) rest = rest.slice(1);
  return [unquote(s.slice(0, end)), unquote(rest.trim())];
}

/**
 * Reads both yarn.lock dialects with one line scanner: v1's own format and Berry's YAML
 * subset share the layout (headers at column 0 ending in `:`, fields at two spaces,
 * dependency lists at four). Scanning lines keeps header line numbers for free and avoids
 * building a YAML tree for files that reach tens of megabytes.
 */
export function parseYarnLock(text: string): ParsedYarnLock {
  const blocks: YarnBlock[] = [];
  let berry = false;
  let current: YarnBlock | undefined;
  let section: string | undefined;
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    lineNo++;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    const body = line.trimStart();
    if (body === "" || body.startsWith("#")) continue;
    const indent = line.length - body.length;
    if (indent === 0) {
      if (!line.endsWith(":"))
        return { error: `expected an entry header ending in ":": ${line.slice(0, 80)}`, line: lineNo };
      const header = line.slice(0, -1);
      if (header === "__metadata") berry = true;
      const descriptors = header
        .replaceAll('"', "")
        .split(",")
        .map((d) => d.trim())
        .filter((d) => d !== "");
      current = { line: lineNo, descriptors, fields: new Map(), dependencies: [] };
      blocks.push(current);
      section = undefined;
      continue;
    }
    if (current === undefined) return { error: "indented line before the first entry", line: lineNo };
    if (indent <= 2) {
      if (body.endsWith(":")) {
        section = unquote(body.slice(0, -1));
      } else {
        section = undefined;
        const [key, value] = keyValue(body);
        current.fields.set(key, value);
      }
    } else if (indent <= 4 && section !== undefined && EDGE_SECTIONS.has(section)) {
      current.dependencies.push(keyValue(body));
    }
  }
  return { blocks, berry };
}
