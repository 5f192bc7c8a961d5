import { cleanText } from "../shared/human-text.ts";

// Every ASCII character with a meaning in GitHub-flavoured markdown inline text or tables; a
// backslash makes each one literal (CommonMark allows escaping any ASCII punctuation).
const SPECIAL = /[\\`*_{}[\]<>()#+\-!|~&]/g;

/**
 * Third-party text as one literal markdown table cell: one line, markdown and HTML inert, `|`
 * escaped so it cannot end the cell, and `@name` broken with a zero-width space so an advisory
 * cannot mention (notify) GitHub users from a PR comment.
 */
export function markdownText(text: string): string {
  return cleanText(text)
    .replace(SPECIAL, (ch) => `\\${ch}`)
    .replace(/@(?=[A-Za-z0-9])/g, "@&#8203;");
}
