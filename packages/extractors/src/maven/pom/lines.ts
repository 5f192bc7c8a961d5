import { LineIndex } from "../../shared/index.ts";

const DEPENDENCY = "project/dependencies/dependency";
const ARTIFACT = `${DEPENDENCY}/artifactId`;

/** Skip past `end` from `from`; the end of the text when it never comes. */
function after(xml: string, end: string, from: number): number {
  const at = xml.indexOf(end, from);
  return at < 0 ? xml.length : at + end.length;
}

/**
 * The line of each `<project><dependencies><dependency>` in document order: its `<artifactId>`,
 * else the `<dependency>` tag. fast-xml-parser keeps no positions, so this walks the tags of the
 * raw text (skipping comments, CDATA, processing instructions and the DOCTYPE) with a path stack.
 */
export function dependencyLines(xml: string): number[] {
  const index = new LineIndex(xml);
  const lines: number[] = [];
  const stack: string[] = [];
  let i = xml.indexOf("<");
  while (i >= 0 && i < xml.length) {
    if (xml.startsWith("<!--", i)) i = after(xml, "-->", i);
    else if (xml.startsWith("<![CDATA[", i)) i = after(xml, "]]>", i);
    else if (xml.startsWith("<?", i)) i = after(xml, "?>", i);
    else if (xml.startsWith("<!", i)) {
      const close = xml.indexOf(">", i);
      const bracket = xml.indexOf("[", i);
      i = bracket >= 0 && bracket < close ? after(xml, "]>", bracket) : after(xml, ">", i);
    } else {
      const end = after(xml, ">", i);
      const tag = xml.slice(i, end);
      const name = /^<\/?\s*([^\s/>]+)/.exec(tag)?.[1] ?? "";
      if (tag.startsWith("</")) stack.pop();
      else {
        const path = [...stack, name].join("/");
        if (path === DEPENDENCY) lines.push(index.lineOf(i));
        else if (path === ARTIFACT && lines.length > 0) lines[lines.length - 1] = index.lineOf(i);
        if (!tag.endsWith("/>")) stack.push(name);
      }
      i = end;
    }
    i = xml.indexOf("<", i);
  }
  return lines;
}
