/** A package named by a pnpm lockfile key or dependency reference. */
export interface PackageRef {
  readonly name: string;
  readonly version: string;
}

function isName(s: string): boolean {
  const slashes = s.split("/").length - 1;
  return s !== "" && (s.startsWith("@") ? slashes === 1 : slashes === 0);
}

function isVersion(s: string): boolean {
  const c = s.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && !s.includes(":");
}

/**
 * Parse a `packages`/`snapshots` key of any lockfile version:
 * v5 `/@scope/name/1.2.3_peer@4.5.6`, v6 `/name@1.2.3(peer@4.5.6)`, v9 `name@1.2.3(peer@4.5.6)`.
 * Peer-dependency suffixes are dropped. Keys of non-registry packages (`name@file:…`,
 * `github.com/…`) give undefined: their entries carry `name` and `version` fields instead.
 */
export function parsePackageKey(key: string): PackageRef | undefined {
  let k = key.startsWith("/") ? key.slice(1) : key;
  const paren = k.indexOf("(");
  if (paren >= 0) k = k.slice(0, paren);
  const at = k.indexOf("@", 1);
  if (at > 0 && isName(k.slice(0, at))) {
    const version = k.slice(at + 1);
    return isVersion(version) ? { name: k.slice(0, at), version } : undefined;
  }
  const segments = k.split("/");
  const scoped = k.startsWith("@");
  if (segments.length !== (scoped ? 3 : 2)) return undefined;
  const name = scoped ? `${segments[0]}/${segments[1]}` : (segments[0] as string);
  const version = (segments[scoped ? 2 : 1] as string).split("_")[0] as string;
  return isVersion(version) ? { name, version } : undefined;
}

/**
 * The `packages`/`snapshots` key an importer or package dependency points at, or undefined for
 * `link:` (workspace) references. `ref` is what the lockfile stores: a version with peer
 * suffix (`1.2.3(react@18.2.0)`, `1.2.3_react@18.2.0`) or, for aliases and other registries,
 * a whole key (`/real/1.2.3`, `/real@1.2.3`, `real@1.2.3`).
 */
export function referencedKey(name: string, ref: string, major: number): string | undefined {
  if (ref.startsWith("link:")) return undefined;
  if (ref.startsWith("/")) return ref;
  if (major >= 9) return isVersion(ref) ? `${name}@${ref}` : ref.includes("@") ? ref : `${name}@${ref}`;
  return major >= 6 ? `/${name}@${ref}` : `/${name}/${ref}`;
}
