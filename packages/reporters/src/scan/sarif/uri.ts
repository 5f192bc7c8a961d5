// Characters that encodeURIComponent escapes but a URI path segment may carry as they are
// (RFC 3986 sub-delims and `@`); `:` stays escaped so a first segment never reads as a scheme.
const KEEP = /%(40|2B|24|26|2C|3B|3D)/gu;

/**
 * A location path (relative to the scanned root, `/`-separated) as a relative URI reference for
 * `artifactLocation.uri`: leading `./` and `/` removed, each segment percent-encoded.
 */
export function relativeUri(path: string): string {
  const trimmed = path.replace(/^(?:\.\/|\/)+/u, "");
  return trimmed
    .split("/")
    .map((segment) =>
      encodeURIComponent(segment).replace(KEEP, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    )
    .join("/");
}

/** The osv.dev page of an advisory or alias id. */
export function osvUrl(id: string): string {
  return `https://osv.dev/vulnerability/${encodeURIComponent(id).replace(/%3A/gu, ":")}`;
}
