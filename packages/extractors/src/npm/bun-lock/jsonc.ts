/**
 * Turn JSONC (comments, trailing commas: what bun.lock is written in) into JSON. One pass
 * that copies runs of text and only cuts out comments and commas before `}`/`]`; strings are
 * skipped whole so `//` or `,}` inside them survive. Written here because no JSONC parser
 * is among the project's dependencies.
 */
export function stripJsonc(text: string): string {
  const parts: string[] = [];
  let copyFrom = 0;
  let i = 0;
  const n = text.length;
  const skipTrivia = (from: number): number => {
    let j = from;
    while (j < n) {
      const c = text[j];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") j++;
      else if (c === "/" && text[j + 1] === "/") {
        const nl = text.indexOf("\n", j);
        j = nl < 0 ? n : nl;
      } else if (c === "/" && text[j + 1] === "*") {
        const end = text.indexOf("*/", j + 2);
        j = end < 0 ? n : end + 2;
      } else break;
    }
    return j;
  };
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
    } else if (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
      parts.push(text.slice(copyFrom, i));
      i = skipTrivia(i);
      copyFrom = i;
    } else if (c === ",") {
      const next = skipTrivia(i + 1);
      if (text[next] === "}" || text[next] === "]") {
        parts.push(text.slice(copyFrom, i));
        copyFrom = i + 1;
      }
      i++;
    } else {
      i++;
    }
  }
  parts.push(text.slice(copyFrom));
  return parts.join("");
}
