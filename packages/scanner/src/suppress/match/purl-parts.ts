/** The parts of a package URL that identify a package: everything but qualifiers and subpath. */
export interface PurlParts {
  /** Lower-cased type (`npm`, `oci`, `generic`). */
  readonly type: string;
  /** Percent-decoded namespace, `""` when absent. */
  readonly namespace: string;
  /** Percent-decoded name. */
  readonly name: string;
  /** Percent-decoded version, if any. */
  readonly version?: string;
}

/**
 * Split a purl into type, namespace, name and version, dropping qualifiers and subpath. A few lines instead of
 * packageurl-js: matching only needs the identity, must accept purls that library rejects (vendor types in VEX
 * documents), and `@bulwark/scanner` does not depend on it. Returns `undefined` for text that is not a purl.
 */
export function purlParts(purl: string): PurlParts | undefined {
  const trimmed = purl.trim();
  if (!/^pkg:/i.test(trimmed)) return undefined;
  let rest = trimmed.slice(4).replace(/^\/+/, "");
  const hash = rest.indexOf("#");
  if (hash >= 0) rest = rest.slice(0, hash);
  const question = rest.indexOf("?");
  if (question >= 0) rest = rest.slice(0, question);
  let version: string | undefined;
  const at = rest.lastIndexOf("@");
  // An `@` before the last `/` is a scope written unencoded (`pkg:npm/@babel/core`), not a version.
  if (at >= 0 && at > rest.lastIndexOf("/")) {
    version = decode(rest.slice(at + 1));
    rest = rest.slice(0, at);
  }
  const segments = rest.split("/").filter((s) => s !== "");
  if (segments.length < 2) return undefined;
  const type = segments[0]!.toLowerCase();
  const name = decode(segments[segments.length - 1]!);
  const namespace = segments.slice(1, -1).map(decode).join("/");
  return version === undefined || version === "" ? { type, namespace, name } : { type, namespace, name, version };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
