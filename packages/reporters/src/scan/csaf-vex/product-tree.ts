import type { ExtractedPackage } from "@bulwark/core";
import { comparePackages } from "../../inventory/shared/order.ts";
import { purlOf } from "../../inventory/shared/package-facts.ts";
import type { VexStatement } from "../shared/vex-statements.ts";

/** A CSAF `branches_t` item (only the fields this writer fills). */
export interface CsafBranch {
  category: "vendor" | "product_name" | "product_version";
  name: string;
  branches?: CsafBranch[];
  product?: { name: string; product_id: string; product_identification_helper?: { purl: string } };
}

// Mandatory test 6.1.31 rejects product_version names that read like a range.
const RANGE_WORDS = new Set(["after", "all", "before", "earlier", "later", "prior", "versions"]);

function readsLikeRange(version: string): boolean {
  const lower = version.toLowerCase();
  return /[<>]/.test(lower) || lower.split(/\s/).some((w) => RANGE_WORDS.has(w));
}

function product(pkg: ExtractedPackage, productId: string): NonNullable<CsafBranch["product"]> {
  const purl = purlOf(pkg);
  return {
    name: `${pkg.name} ${pkg.version}`,
    product_id: productId,
    ...(purl !== undefined && { product_identification_helper: { purl } }),
  };
}

function childOf(parent: CsafBranch[], category: CsafBranch["category"], name: string): CsafBranch {
  const found = parent.find((b) => b.category === category && b.name === name && b.branches !== undefined);
  if (found !== undefined) return found;
  const created: CsafBranch = { category, name, branches: [] };
  parent.push(created);
  return created;
}

/**
 * The CSAF product tree of the statements' packages: ecosystem (as `vendor`, since lockfiles name
 * no vendor) → package name → version, the leaf carrying the purl. A version that reads like a
 * range becomes a product of its own `product_name` branch, which test 6.1.31 allows.
 */
export function productTree(statements: readonly VexStatement[]): CsafBranch[] {
  const products = new Map<string, ExtractedPackage>();
  for (const s of statements) if (!products.has(s.productId)) products.set(s.productId, s.pkg);
  const sorted = [...products].sort(([, a], [, b]) => comparePackages(a, b));
  const vendors: CsafBranch[] = [];
  for (const [productId, pkg] of sorted) {
    const vendor = childOf(vendors, "vendor", pkg.ecosystem);
    if (readsLikeRange(pkg.version)) {
      vendor.branches!.push({
        category: "product_name",
        name: `${pkg.name} ${pkg.version}`,
        product: product(pkg, productId),
      });
      continue;
    }
    const name = childOf(vendor.branches!, "product_name", pkg.name);
    name.branches!.push({ category: "product_version", name: pkg.version, product: product(pkg, productId) });
  }
  return vendors;
}
