import { errorMessage, LineIndex } from "../../shared/index.ts";
import type { SpdxDocument, SpdxPackage, SpdxRelationship } from "./inventory.ts";

/** A JSON SPDX document read into the {@link SpdxDocument} model, or why it could not be. */
export type ReadOutcome =
  | { readonly ok: true; readonly doc: SpdxDocument; readonly problems: string[] }
  | { readonly ok: false; readonly code: "parse" | "format"; readonly message: string };

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

const PACKAGE_MANAGER = new Set(["PACKAGE-MANAGER", "PACKAGE_MANAGER"]);

function isSpdx3(doc: Json): boolean {
  const ctx = doc["@context"];
  const all = Array.isArray(ctx) ? ctx : [ctx];
  return all.some((c) => typeof c === "string" && c.includes("spdx.org/rdf/3"));
}

function purlsOf(refs: unknown): string[] {
  if (!Array.isArray(refs)) return [];
  const out: string[] = [];
  for (const r of refs) {
    if (!isObject(r) || r.referenceType !== "purl") continue;
    const category = str(r.referenceCategory);
    const locator = str(r.referenceLocator);
    if (category !== undefined && PACKAGE_MANAGER.has(category) && locator !== undefined) out.push(locator);
  }
  return out;
}

/** Line of each package: its first purl searched in the raw text, moving forward through the document. */
class PurlLines {
  readonly #text: string;
  readonly #index: LineIndex;
  #cursor = 0;

  constructor(text: string) {
    this.#text = text;
    this.#index = new LineIndex(text);
  }

  lineOf(purl: string | undefined): number | undefined {
    if (purl === undefined) return undefined;
    const needle = JSON.stringify(purl);
    let at = this.#text.indexOf(needle, this.#cursor);
    if (at < 0) at = this.#text.indexOf(needle);
    if (at < 0) return undefined;
    this.#cursor = at + needle.length;
    return this.#index.lineOf(at);
  }
}

function readPackages(list: unknown[], text: string, problems: string[]): SpdxPackage[] {
  const lines = new PurlLines(text);
  const out: SpdxPackage[] = [];
  let bad = 0;
  for (const p of list) {
    if (!isObject(p)) {
      bad++;
      continue;
    }
    const purls = purlsOf(p.externalRefs);
    out.push({
      id: str(p.SPDXID),
      name: str(p.name),
      purls,
      versionInfo: str(p.versionInfo),
      line: lines.lineOf(purls[0]),
    });
  }
  if (bad > 0) problems.push(`${bad} \`packages\` entries are not objects`);
  return out;
}

function readRelationships(value: unknown, problems: string[]): SpdxRelationship[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push("`relationships` is not an array");
    return [];
  }
  const out: SpdxRelationship[] = [];
  let bad = 0;
  for (const r of value) {
    const from = isObject(r) ? str(r.spdxElementId) : undefined;
    const type = isObject(r) ? str(r.relationshipType) : undefined;
    const to = isObject(r) ? str(r.relatedSpdxElement) : undefined;
    if (from === undefined || type === undefined || to === undefined) bad++;
    else out.push({ from, type, to });
  }
  if (bad > 0) problems.push(`${bad} \`relationships\` entries are malformed`);
  return out;
}

/** Read an SPDX 2.x JSON document into the {@link SpdxDocument} model. */
export function readJsonDocument(text: string): ReadOutcome {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, code: "parse", message: `not valid JSON: ${errorMessage(err)}` };
  }
  if (!isObject(doc)) return { ok: false, code: "parse", message: "not a JSON object" };
  if (isSpdx3(doc))
    return { ok: false, code: "format", message: "SPDX 3 (JSON-LD) documents are not read; use SPDX 2.3" };
  const version = str(doc.spdxVersion);
  if (version === undefined || !/^SPDX-2\.\d+$/.test(version)) {
    return { ok: false, code: "format", message: `spdxVersion ${JSON.stringify(doc.spdxVersion)} is not SPDX-2.x` };
  }
  if (doc.packages !== undefined && !Array.isArray(doc.packages)) {
    return { ok: false, code: "parse", message: "`packages` is not an array" };
  }
  const problems: string[] = [];
  const packages = readPackages((doc.packages as unknown[] | undefined) ?? [], text, problems);
  const relationships = readRelationships(doc.relationships, problems);
  const describes = Array.isArray(doc.documentDescribes)
    ? doc.documentDescribes.filter((d): d is string => typeof d === "string")
    : [];
  return { ok: true, doc: { packages, relationships, describes }, problems };
}
