/**
 * Lines of the keys directly under the top-level `packages:` map, found with one pass over
 * the lines (building a YAML document with positions would cost several times the parse).
 */
export function packageKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let inPackages = false;
  let lineNo = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    lineNo++;
    const c0 = text.charCodeAt(start);
    if (c0 !== 0x20 && c0 !== 0x0a && c0 !== 0x0d && c0 !== 0x23) {
      inPackages = text.startsWith("packages:", start);
    } else if (
      inPackages &&
      c0 === 0x20 &&
      text.charCodeAt(start + 1) === 0x20 &&
      text.charCodeAt(start + 2) !== 0x20
    ) {
      let line = text.slice(start + 2, end).trimEnd();
      if (line.endsWith(":")) line = line.slice(0, -1);
      else if (line.endsWith(": {}")) line = line.slice(0, -4);
      lines.set(unquoteYamlKey(line), lineNo);
    }
    start = end + 1;
  }
  return lines;
}

function unquoteYamlKey(s: string): string {
  if (s.length >= 2 && s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1).replaceAll("''", "'");
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    try {
      return JSON.parse(s) as string;
    } catch {
      return s.slice(1, -1);
    }
  }
  return s;
}
