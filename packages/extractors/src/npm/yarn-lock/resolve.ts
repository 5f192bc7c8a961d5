/** What a yarn.lock entry resolved to: a registry package, or a project-local one that is not inventoried. */
export type Resolved = { readonly name: string; readonly version: string } | "local" | undefined;

const LOCAL_PROTOCOLS = ["workspace:", "link:", "portal:", "file:"];

/** Split `name@range` at the `@` that ends the name (scoped names start with `@`). */
export function splitDescriptor(descriptor: string): [string, string] {
  const at = descriptor.indexOf("@", 1);
  return at < 0 ? [descriptor, ""] : [descriptor.slice(0, at), descriptor.slice(at + 1)];
}

function isLocal(reference: string): boolean {
  return LOCAL_PROTOCOLS.some((p) => reference.startsWith(p));
}

/**
 * Berry: `resolution: "name@npm:1.2.3"` names the real package even behind an alias. A
 * `patch:` resolution wraps the underlying one (`typescript@patch:typescript@npm%3A5.8.3#…`),
 * which is what advisories apply to. Git/URL resolutions keep the `version:` field.
 */
export function resolveBerry(resolution: string | undefined, version: string | undefined): Resolved {
  if (resolution === undefined) return undefined;
  const [name, reference] = splitDescriptor(resolution);
  if (reference.startsWith("npm:")) return { name, version: reference.slice(4) };
  if (reference.startsWith("patch:")) {
    const hash = reference.indexOf("#");
    const inner = reference.slice(6, hash < 0 ? undefined : hash);
    try {
      return resolveBerry(decodeURIComponent(inner), version);
    } catch {
      return undefined;
    }
  }
  if (isLocal(reference)) return "local";
  return version === undefined || version === "0.0.0-use.local" ? undefined : { name, version };
}

/** v1: the first descriptor names the package (`alias@npm:real@^1` names `real`); `version` is exact. */
export function resolveV1(descriptor: string, version: string | undefined, resolved: string | undefined): Resolved {
  const [name, range] = splitDescriptor(descriptor);
  if (isLocal(range) || resolved?.startsWith("file:")) return "local";
  if (version === undefined) return undefined;
  if (range.startsWith("npm:")) {
    const [real] = splitDescriptor(range.slice(4));
    return { name: real, version };
  }
  return { name, version };
}
