import type { PackageRef } from "@bulwark/core";
import { type AnyVersionScheme, normalizePackageName, schemeById, schemeForEcosystem } from "@bulwark/versions";
import type { AdvisoryStore, AffectedRow } from "../ports.ts";
import { type AliasGroup, groupByAliases } from "./aliases.ts";
import { type CompiledAffected, compileAffected } from "./compile.ts";
import { baseEcosystem, ecosystemApplies } from "./ecosystem-match.ts";
import { evaluateCompiled, VersionUnderTest } from "./is-affected.ts";
import type { AffectedVerdict } from "./verdict.ts";

/** One advisory that applies (or may apply) to a package. */
export interface AdvisoryHit {
  readonly advisoryId: string;
  readonly aliases: readonly string[];
  /** `affected` or `undetermined` (with its reason); never `not-affected`. */
  readonly verdict: Exclude<AffectedVerdict, { status: "not-affected" }>;
  /** The `affected[]` entry that produced the verdict. */
  readonly row: AffectedRow;
  /** That entry compiled for its scheme: evaluate other versions with it (remediation) without recompiling. */
  readonly compiled: CompiledAffected;
}

/** Everything the matcher found for one package. */
export interface PackageMatch {
  readonly package: PackageRef;
  /** Advisories whose ranges include the version. */
  readonly affected: readonly AdvisoryHit[];
  /** Advisories that name the package but whose applicability cannot be judged. */
  readonly undetermined: readonly AdvisoryHit[];
  /** `affected` advisories merged by aliases: one group per vulnerability. */
  readonly groups: readonly AliasGroup[];
}

interface CompiledRow {
  readonly row: AffectedRow;
  readonly compiled: CompiledAffected;
}

interface CacheEntry {
  readonly rows: readonly CompiledRow[];
  /** The rows whose ecosystem applies, per package ecosystem (`Debian:12` vs `Debian:11`). */
  readonly byPackageEcosystem: Map<string, readonly CompiledRow[]>;
}

/** Options for {@link Matcher}. */
export interface MatcherOptions {
  /** How many (ecosystem, name) entries to keep compiled; default 20,000. */
  readonly cacheSize?: number;
}

/**
 * Matches packages against an {@link AdvisoryStore}. Compiled ranges are cached per
 * (ecosystem, name) so scanning many packages parses each advisory's versions once.
 */
export class Matcher {
  readonly #store: AdvisoryStore;
  readonly #cache = new Map<string, CacheEntry>();
  readonly #cacheSize: number;
  readonly #memoSchemes = new Map<string, AnyVersionScheme>();

  constructor(store: AdvisoryStore, options: MatcherOptions = {}) {
    this.#store = store;
    this.#cacheSize = options.cacheSize ?? 20_000;
  }

  async #entries(base: string, name: string): Promise<CacheEntry> {
    const key = `${base}\u0000${name}`;
    const hit = this.#cache.get(key);
    if (hit) return hit;
    const rows = await this.#store.findAffected(base, name);
    const semver = this.#memo(schemeById("semver"));
    const entry: CacheEntry = {
      rows: rows.map((row) => ({
        row,
        compiled: compileAffected(row.affected, this.#memo(schemeForEcosystem(row.ecosystem)), semver),
      })),
      byPackageEcosystem: new Map(),
    };
    if (this.#cache.size >= this.#cacheSize) this.#cache.clear();
    this.#cache.set(key, entry);
    return entry;
  }

  /**
   * Drop what is cached of a package (by base ecosystem and normalised name), so the next match
   * reads it from the store again: for a long-lived matcher whose store changed for that package.
   */
  forget(baseEcosystem: string, normalizedName: string): void {
    this.#cache.delete(`${baseEcosystem}\u0000${normalizedName}`);
  }

  /**
   * The scheme with a parse cache: advisories repeat the same version strings across
   * many entries (an RPM advisory lists one fixed EVR for dozens of binary packages).
   */
  #memo(scheme: AnyVersionScheme | undefined): AnyVersionScheme | undefined {
    if (scheme === undefined) return undefined;
    let memo = this.#memoSchemes.get(scheme.id);
    if (!memo) {
      const cache = new Map<string, unknown>();
      const limit = this.#cacheSize * 10;
      memo = {
        id: scheme.id,
        title: scheme.title,
        compare: scheme.compare.bind(scheme),
        parse: (s: string) => {
          if (cache.has(s)) return cache.get(s);
          const v = scheme.parse(s);
          if (cache.size >= limit) cache.clear();
          cache.set(s, v);
          return v;
        },
      };
      this.#memoSchemes.set(scheme.id, memo);
    }
    return memo;
  }

  /**
   * The version scheme of an ecosystem with this matcher's parse cache: callers that compare
   * the versions the matcher has seen (fixed versions, installed versions) parse them once.
   */
  schemeFor(ecosystem: string): AnyVersionScheme | undefined {
    return this.#memo(schemeForEcosystem(ecosystem));
  }

  /** Match one package (ecosystem may carry a release suffix, e.g. `Debian:12`). */
  async match(pkg: PackageRef): Promise<PackageMatch> {
    const base = baseEcosystem(pkg.ecosystem);
    const name = normalizePackageName(pkg.ecosystem, pkg.name);
    const entry = await this.#entries(base, name);
    let rows = entry.byPackageEcosystem.get(pkg.ecosystem);
    if (rows === undefined) {
      rows = entry.rows.filter(({ row }) => ecosystemApplies(row.ecosystem, pkg.ecosystem));
      entry.byPackageEcosystem.set(pkg.ecosystem, rows);
    }
    const affected: AdvisoryHit[] = [];
    const undetermined: AdvisoryHit[] = [];
    const seenAffected = new Set<string>();
    const version = new VersionUnderTest(pkg.version);
    for (const { row, compiled } of rows) {
      let verdict: AffectedVerdict;
      try {
        verdict = evaluateCompiled(compiled, version);
      } catch (e) {
        verdict = { status: "undetermined", reason: `evaluation failed: ${(e as Error).message}` };
      }
      if (verdict.status === "affected") {
        if (seenAffected.has(row.advisoryId)) continue;
        seenAffected.add(row.advisoryId);
        affected.push({ advisoryId: row.advisoryId, aliases: row.aliases, verdict, row, compiled });
      } else if (verdict.status === "undetermined") {
        undetermined.push({ advisoryId: row.advisoryId, aliases: row.aliases, verdict, row, compiled });
      }
    }
    // An advisory with one affected entry and one undetermined entry is affected.
    const undeterminedOnly = dedupeById(undetermined.filter((h) => !seenAffected.has(h.advisoryId)));
    return {
      package: pkg,
      affected,
      undetermined: undeterminedOnly,
      groups: groupByAliases(affected.map((h) => ({ id: h.advisoryId, aliases: h.aliases }))),
    };
  }

  /** Match many packages, in order. */
  async matchAll(pkgs: readonly PackageRef[]): Promise<PackageMatch[]> {
    const out: PackageMatch[] = [];
    for (const p of pkgs) out.push(await this.match(p));
    return out;
  }
}

function dedupeById(hits: AdvisoryHit[]): AdvisoryHit[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    if (seen.has(h.advisoryId)) return false;
    seen.add(h.advisoryId);
    return true;
  });
}
