/** A header of a core-metadata file with the line it starts on. */
export interface MetadataHeader {
  readonly value: string;
  readonly line: number;
}

/**
 * Read the RFC 822-style header block of a METADATA/PKG-INFO file (up to the first blank line;
 * the long description that may follow is body text, not headers). Keys are lower-cased; the
 * first occurrence wins; continuation lines (leading whitespace) are ignored.
 */
export function readHeaders(text: string): Map<string, MetadataHeader> {
  const headers = new Map<string, MetadataHeader>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") break;
    if (line.startsWith(" ") || line.startsWith("\t")) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(key)) headers.set(key, { value: line.slice(colon + 1).trim(), line: i + 1 });
  }
  return headers;
}
