import { type FieldReader, type JsonObject, join, optional } from "./fields.ts";
import type { VexProduct } from "./types.ts";

/** Resolves CSAF product ids and product group ids to the products a `product_tree` defines. */
export class CsafProducts {
  readonly #products = new Map<string, VexProduct>();
  readonly #groups = new Map<string, string[]>();

  constructor(r: FieldReader, tree: JsonObject | undefined) {
    if (tree === undefined) return;
    this.#branches(r, r.array(tree, "branches", "product_tree"), "product_tree.branches");
    const names = r.array(tree, "full_product_names", "product_tree");
    names.forEach((_, i) => {
      this.#define(r, r.objectAt(names, i, "product_tree.full_product_names"), `product_tree.full_product_names[${i}]`);
    });
    const groups = r.array(tree, "product_groups", "product_tree");
    groups.forEach((_, i) => {
      const at = `product_tree.product_groups[${i}]`;
      const g = r.objectAt(groups, i, "product_tree.product_groups");
      this.#groups.set(r.string(g, "group_id", at), r.strings(g, "product_ids", at));
    });
    // Relationships come last: they refer to products defined anywhere above.
    const relationships = r.array(tree, "relationships", "product_tree");
    relationships.forEach((_, i) => {
      const at = `product_tree.relationships[${i}]`;
      this.#relationship(r, r.objectAt(relationships, i, "product_tree.relationships"), at);
    });
  }

  /** The product with this id; an id the tree does not define is kept bare (it can never match a package). */
  product(id: string): VexProduct {
    return this.#products.get(id) ?? { id };
  }

  /** The product ids of a product group (empty for an unknown group). */
  group(id: string): readonly string[] {
    return this.#groups.get(id) ?? [];
  }

  #branches(r: FieldReader, branches: unknown[], at: string): void {
    branches.forEach((_, i) => {
      const b = r.objectAt(branches, i, at);
      const product = r.optObject(b, "product", `${at}[${i}]`);
      if (product !== undefined) this.#define(r, product, `${at}[${i}].product`);
      this.#branches(r, r.array(b, "branches", `${at}[${i}]`), `${at}[${i}].branches`);
    });
  }

  #define(r: FieldReader, fpn: JsonObject, at: string): VexProduct {
    const id = r.string(fpn, "product_id", at);
    const helper = r.optObject(fpn, "product_identification_helper", at) ?? {};
    const helperAt = join(at, "product_identification_helper");
    const product: VexProduct = {
      id,
      ...optional("name", r.optString(fpn, "name", at)),
      ...optional("purl", r.optString(helper, "purl", helperAt)),
      ...optional("cpe", r.optString(helper, "cpe", helperAt)),
    };
    this.#products.set(id, product);
    return product;
  }

  /**
   * "X as a component of platform Y": the package is X, so a relationship product without its own
   * identification helper takes X's purl and CPE.
   */
  #relationship(r: FieldReader, rel: JsonObject, at: string): void {
    const fpn = r.optObject(rel, "full_product_name", at);
    if (fpn === undefined) r.fail(join(at, "full_product_name"), "missing");
    const own = this.#define(r, fpn, join(at, "full_product_name"));
    if (own.purl !== undefined || own.cpe !== undefined) return;
    const component = this.#products.get(r.string(rel, "product_reference", at));
    if (component === undefined) return;
    this.#products.set(own.id!, {
      ...own,
      ...optional("purl", component.purl),
      ...optional("cpe", component.cpe),
    });
  }
}
