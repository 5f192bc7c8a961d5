import type { ExtractedPackage } from "../types.ts";
import { makePackage, type PackageFields } from "./results.ts";

/**
 * The packages of one OS package database, one per (name, version). A package listed twice keeps
 * what its first record says (source, architecture) and gains the later records' locations.
 */
export class InstalledPackages {
  readonly #byKey = new Map<string, ExtractedPackage>();

  /** Record one database entry; its purl is built only the first time its name and version are seen. */
  add(fields: PackageFields): void {
    const key = `${fields.name}\u0000${fields.version}`;
    const seen = this.#byKey.get(key);
    if (seen !== undefined) {
      this.#byKey.set(key, { ...seen, locations: [...seen.locations, ...fields.locations] });
      return;
    }
    this.#byKey.set(key, makePackage(fields));
  }

  /** The packages recorded so far, in database order. */
  packages(): ExtractedPackage[] {
    return [...this.#byKey.values()];
  }
}
