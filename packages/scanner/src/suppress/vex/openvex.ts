import { FieldReader, isObject, type JsonObject, optional } from "./fields.ts";
import { isVexStatus, VEX_STATUSES } from "./statuses.ts";
import type { VexProduct, VexStatement } from "./types.ts";

/** The `@context` of OpenVEX 0.2.0 documents. */
export const OPENVEX_V020_CONTEXT = "https://openvex.dev/ns/v0.2.0";

// vexctl before 0.2 wrote the unversioned namespace (and briefly v0.0.1), with plain-string
// vulnerabilities and products; such documents are still in circulation.
const LEGACY_CONTEXTS = new Set(["https://openvex.dev/ns", "https://openvex.dev/ns/v0.0.1"]);

/** True when a parsed JSON document declares an OpenVEX `@context` (any version). */
export function looksLikeOpenVex(doc: JsonObject): boolean {
  const ctx = doc["@context"];
  return typeof ctx === "string" && ctx.startsWith("https://openvex.dev/ns");
}

/** Read an OpenVEX 0.2.0 (or legacy pre-0.2) document into normalised statements. */
export function readOpenVex(path: string, doc: JsonObject): VexStatement[] {
  const r: FieldReader = new FieldReader(path);
  const ctx = String(doc["@context"]).replace(/\/+$/, "");
  if (ctx !== OPENVEX_V020_CONTEXT && !LEGACY_CONTEXTS.has(ctx)) {
    r.fail("@context", `unsupported OpenVEX version ${JSON.stringify(ctx)} (Bulwark reads ${OPENVEX_V020_CONTEXT})`);
  }
  const statements = doc.statements;
  if (!Array.isArray(statements)) r.fail("statements", "missing (expected an array of statements)");
  const docTimestamp = r.optString(doc, "timestamp", "");
  return statements.map((_, i) => readStatement(r, r.objectAt(statements, i, "statements"), i, docTimestamp));
}

function readStatement(r: FieldReader, st: JsonObject, index: number, docTimestamp: string | undefined): VexStatement {
  const at = `statements[${index}]`;
  const { id, aliases } = readVulnerability(r, st, at);
  const status = r.string(st, "status", at);
  if (!isVexStatus(status)) {
    r.fail(`${at}.status`, `expected one of ${VEX_STATUSES.join(", ")}, got ${JSON.stringify(status)}`);
  }
  // Legacy documents list subcomponents on the statement; they belong to every product it names.
  const legacySubs = r.array(st, "subcomponents", at).map((s, j) => readProduct(r, s, `${at}.subcomponents[${j}]`));
  const products = r.array(st, "products", at).map((p, j) => {
    const product = readProduct(r, p, `${at}.products[${j}]`);
    return legacySubs.length > 0 && product.subcomponents === undefined
      ? { ...product, subcomponents: legacySubs }
      : product;
  });
  return {
    vulnerability: id,
    ...(aliases.length > 0 ? { aliases } : {}),
    products,
    status,
    ...optional("justification", r.optString(st, "justification", at)),
    ...optional("impactStatement", r.optString(st, "impact_statement", at)),
    ...optional("actionStatement", r.optString(st, "action_statement", at)),
    ...optional("timestamp", r.optString(st, "timestamp", at) ?? docTimestamp),
    source: { path: r.path, format: "openvex", statementIndex: index },
  };
}

function readVulnerability(r: FieldReader, st: JsonObject, at: string): { id: string; aliases: string[] } {
  const v = st.vulnerability;
  if (typeof v === "string" && v.trim() !== "") return { id: v.trim(), aliases: [] };
  if (!isObject(v)) r.fail(`${at}.vulnerability`, "missing (expected an object with a name, or an id string)");
  const id = r.optString(v, "name", `${at}.vulnerability`) ?? r.optString(v, "@id", `${at}.vulnerability`);
  if (id === undefined) r.fail(`${at}.vulnerability.name`, "missing (expected the vulnerability id)");
  return { id: id.trim(), aliases: r.strings(v, "aliases", `${at}.vulnerability`) };
}

function readProduct(r: FieldReader, p: unknown, at: string): VexProduct {
  if (typeof p === "string" && p.trim() !== "") return fromIdentifier(p.trim());
  if (!isObject(p)) r.fail(at, "expected a product object or identifier string");
  const id = r.optString(p, "@id", at);
  const identifiers = r.optObject(p, "identifiers", at) ?? {};
  const purl = r.optString(identifiers, "purl", `${at}.identifiers`);
  const cpe =
    r.optString(identifiers, "cpe23", `${at}.identifiers`) ?? r.optString(identifiers, "cpe22", `${at}.identifiers`);
  const subcomponents = r.array(p, "subcomponents", at).map((s, j) => readProduct(r, s, `${at}.subcomponents[${j}]`));
  if (id === undefined && purl === undefined && cpe === undefined)
    r.fail(at, "names no product (no @id or identifiers)");
  const fromId = id === undefined ? {} : fromIdentifier(id);
  return {
    ...fromId,
    ...optional("purl", purl),
    ...optional("cpe", cpe),
    ...(subcomponents.length > 0 ? { subcomponents } : {}),
  };
}

/** An OpenVEX `@id` is an IRI; when it is a purl or a CPE it identifies the package directly. */
function fromIdentifier(id: string): VexProduct {
  if (id.startsWith("pkg:")) return { id, purl: id };
  if (id.startsWith("cpe:")) return { id, cpe: id };
  return { id };
}
