import { isJsonObject, type JsonObject } from "../../shared/json.ts";
import { JsonPurlLines, parseJsonObject, stringOf } from "../../shared/sbom/json-document.ts";
import type { ReadFailure } from "../../shared/sbom/read-outcome.ts";
import type { SpdxDocument, SpdxPackage, SpdxRelationship } from "../../shared/sbom/spdx-inventory.ts";

/** A JSON SPDX document read into the {@link SpdxDocument} model, or why it could not be. */
export type ReadOutcome = { readonly ok: true; readonly doc: SpdxDocument; readonly problems: string[] } | ReadFailure;

const PACKAGE_MANAGER = new Set(["PACKAGE-MANAGER", "PACKAGE_MANAGER"]);

function isSpdx3(doc: JsonObject): boolean {
  const ctx = doc["@context"];
  const all = Array.isArray(ctx) ? ctx : [ctx];
  return all.some((c) => typeof c === "string" && c.includes("spdx.org/rdf/3"));
}

function purlsOf(refs: unknown): string[] {
  if (!Array.isArray(refs)) return [];
  const out: string[] = [];
  for (const r of refs) {
    if (!isJsonObject(r) || r.referenceType !== "purl") continue;
    const category = stringOf(r.referenceCategory);
    const locator = stringOf(r.referenceLocator);
    if (category !== undefined && PACKAGE_MANAGER.has(category) && locator !== undefined) out.push(locator);
  }
  return out;
}

function readPackages(list: unknown[], text: string, problems: string[]): SpdxPackage[] {
  const lines = new JsonPurlLines(text);
  const out: SpdxPackage[] = [];
  let bad = 0;
  for (const p of list) {
    if (!isJsonObject(p)) {
      bad++;
      continue;
    }
    const purls = purlsOf(p.externalRefs);
    out.push({
      id: stringOf(p.SPDXID),
      name: stringOf(p.name),
      purls,
      versionInfo: stringOf(p.versionInfo),
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
    const from = isJsonObject(r) ? stringOf(r.spdxElementId) : undefined;
    const type = isJsonObject(r) ? stringOf(r.relationshipType) : undefined;
    const to = isJsonObject(r) ? stringOf(r.relatedSpdxElement) : undefined;
    if (from === undefined || type === undefined || to === undefined) bad++;
    else out.push({ from, type, to });
  }
  if (bad > 0) problems.push(`${bad} \`relationships\` entries are malformed`);
  return out;
}

/** Read an SPDX 2.x JSON document into the {@link SpdxDocument} model. */
export function readJsonDocument(text: string): ReadOutcome {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return parsed;
  const doc = parsed.doc;
  if (isSpdx3(doc))
    return { ok: false, code: "format", message: "SPDX 3 (JSON-LD) documents are not read; use SPDX 2.3" };
  const version = stringOf(doc.spdxVersion);
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
