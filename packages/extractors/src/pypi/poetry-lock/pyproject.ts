import { parse } from "smol-toml";

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table => typeof v === "object" && v !== null && !Array.isArray(v);

/** PEP 503 comparison key. */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

// The name at the start of a PEP 508 string: "Django (>=3.2)", "pkg[extra]>=1; marker", "x @ url".
function pep508Name(spec: unknown): string | undefined {
  if (typeof spec !== "string") return undefined;
  return /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec)?.[1];
}

function addKeys(out: Set<string>, table: unknown): void {
  if (!isTable(table)) return;
  for (const k of Object.keys(table)) if (k.toLowerCase() !== "python") out.add(nameKey(k));
}

function addPep508(out: Set<string>, list: unknown): void {
  if (!Array.isArray(list)) return;
  for (const spec of list) {
    const name = pep508Name(spec);
    if (name !== undefined) out.add(nameKey(name));
  }
}

/**
 * Names the project asks for itself, from pyproject.toml: Poetry's `[tool.poetry.dependencies]`,
 * `dev-dependencies` and every `group.*.dependencies`, PEP 621 `[project]` dependencies and
 * optional-dependencies, and PEP 735 `[dependency-groups]`. Undefined when the text is not TOML.
 */
export function directDependencyNames(text: string): Set<string> | undefined {
  let doc: Table;
  try {
    doc = parse(text) as Table;
  } catch {
    return undefined;
  }
  const names = new Set<string>();
  const tool = isTable(doc.tool) ? doc.tool : {};
  const poetry = isTable(tool.poetry) ? tool.poetry : {};
  addKeys(names, poetry.dependencies);
  addKeys(names, poetry["dev-dependencies"]);
  if (isTable(poetry.group))
    for (const g of Object.values(poetry.group)) if (isTable(g)) addKeys(names, g.dependencies);
  const project = isTable(doc.project) ? doc.project : {};
  addPep508(names, project.dependencies);
  if (isTable(project["optional-dependencies"])) {
    for (const list of Object.values(project["optional-dependencies"])) addPep508(names, list);
  }
  if (isTable(doc["dependency-groups"]))
    for (const list of Object.values(doc["dependency-groups"])) addPep508(names, list);
  return names;
}
