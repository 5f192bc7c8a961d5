import { CsafProducts } from "./csaf-products.ts";
import { FieldReader, isObject, type JsonObject, optional } from "./fields.ts";
import { CSAF_PRODUCT_STATUSES } from "./statuses.ts";
import type { VexProduct, VexStatement, VexStatus } from "./types.ts";

/**
 * The CSAF document categories whose `product_status` Bulwark reads: the VEX profile, and security
 * advisories, whose product statuses mean the same thing (vendors such as Red Hat publish fixes there).
 */
export const CSAF_VEX_CATEGORIES: readonly string[] = ["csaf_vex", "csaf_security_advisory"];

/** True when a parsed JSON document is a CSAF document (any category or version). */
export function looksLikeCsaf(doc: JsonObject): boolean {
  return isObject(doc.document) && "csaf_version" in doc.document;
}

/** The per-product facts that decide which statement a product of a vulnerability lands in. */
interface ProductFacts {
  readonly justification?: string;
  readonly impactStatement?: string;
  readonly actionStatement?: string;
}

/**
 * Read a CSAF 2.0 VEX document into normalised statements. A vulnerability yields one statement per status
 * and distinct justification / impact / remediation, so products that share all of them share a statement.
 */
export function readCsafVex(path: string, doc: JsonObject): VexStatement[] {
  const r: FieldReader = new FieldReader(path);
  const meta = doc.document as JsonObject;
  const version = meta.csaf_version;
  if (version !== "2.0")
    r.fail("document.csaf_version", `unsupported CSAF version ${JSON.stringify(version)} (expected "2.0")`);
  const category = r.string(meta, "category", "document");
  if (!CSAF_VEX_CATEGORIES.includes(category)) {
    r.fail("document.category", `${JSON.stringify(category)} is not a VEX document (expected csaf_vex)`);
  }
  const tracking = r.optObject(meta, "tracking", "document");
  const timestamp =
    tracking === undefined ? undefined : r.optString(tracking, "current_release_date", "document.tracking");
  const products = new CsafProducts(r, r.optObject(doc, "product_tree", ""));
  const vulns = r.array(doc, "vulnerabilities", "");
  return vulns.flatMap((_, i) => readVulnerability(r, r.objectAt(vulns, i, "vulnerabilities"), i, products, timestamp));
}

function readVulnerability(
  r: FieldReader,
  v: JsonObject,
  index: number,
  products: CsafProducts,
  timestamp: string | undefined,
): VexStatement[] {
  const at = `vulnerabilities[${index}]`;
  const ids = r
    .array(v, "ids", at)
    .map((_, j, list) => r.string(r.objectAt(list, j, `${at}.ids`), "text", `${at}.ids[${j}]`));
  const id = r.optString(v, "cve", at) ?? ids[0];
  if (id === undefined) r.fail(at, "has neither cve nor ids: no vulnerability id");
  const aliases = [...new Set(ids)].filter((a) => a !== id);
  const facts = productFacts(r, v, at, products);
  const status = r.optObject(v, "product_status", at) ?? {};
  const groups = new Map<string, { status: VexStatus; facts: ProductFacts; products: VexProduct[] }>();
  for (const [key, list] of Object.entries(status)) {
    if (key === "recommended") continue;
    const normalised = CSAF_PRODUCT_STATUSES[key];
    if (normalised === undefined) r.fail(`${at}.product_status.${key}`, "unknown product status");
    if (!Array.isArray(list)) r.fail(`${at}.product_status.${key}`, "expected an array of product ids");
    for (const productId of r.strings(status, key, `${at}.product_status`)) {
      const f = facts(productId);
      const groupKey = JSON.stringify([normalised, f.justification, f.impactStatement, f.actionStatement]);
      let group = groups.get(groupKey);
      if (group === undefined) {
        group = { status: normalised, facts: f, products: [] };
        groups.set(groupKey, group);
      }
      // A product listed under two statuses of the same kind (first_fixed and fixed) appears once.
      if (!group.products.some((p) => p.id === productId)) group.products.push(products.product(productId));
    }
  }
  return [...groups.values()].map((g) => ({
    vulnerability: id.trim(),
    ...(aliases.length > 0 ? { aliases } : {}),
    products: g.products,
    status: g.status,
    ...g.facts,
    ...optional("timestamp", timestamp),
    source: { path: r.path, format: "csaf" as const, statementIndex: index },
  }));
}

/**
 * For each product id, the justification flag, impact threat and remediation that name it (directly, through
 * a product group, or by naming no products at all, which CSAF reads as "all products").
 */
function productFacts(r: FieldReader, v: JsonObject, at: string, products: CsafProducts): (id: string) => ProductFacts {
  const scoped = (key: string, text: string) => {
    const list = r.array(v, key, at);
    return list.map((_, j) => {
      const entry = r.objectAt(list, j, `${at}.${key}`);
      const entryAt = `${at}.${key}[${j}]`;
      const named = [
        ...r.strings(entry, "product_ids", entryAt),
        ...r.strings(entry, "group_ids", entryAt).flatMap((g) => products.group(g)),
      ];
      return { entry, entryAt, all: named.length === 0, ids: new Set(named), text };
    });
  };
  const flags = scoped("flags", "label");
  const threats = scoped("threats", "details").filter((t) => t.entry.category === "impact");
  const remediations = scoped("remediations", "details");
  const texts = (list: ReturnType<typeof scoped>, id: string): string | undefined => {
    const found = list
      .filter((s) => s.all || s.ids.has(id))
      .map((s) => r.optString(s.entry, s.text, s.entryAt))
      .filter((t): t is string => t !== undefined);
    return found.length === 0 ? undefined : [...new Set(found)].join("\n");
  };
  return (id) => ({
    ...optional("justification", texts(flags, id)),
    ...optional("impactStatement", texts(threats, id)),
    ...optional("actionStatement", texts(remediations, id)),
  });
}
