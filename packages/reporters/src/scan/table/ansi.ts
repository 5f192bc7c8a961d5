import type { Severity } from "@bulwark/core";

/** Styles the table uses; each wraps already laid-out text, so colour never changes widths. */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  severity(level: Severity, text: string): string;
  kev(text: string): string;
}

const RESET = "\u001b[0m";

function sgr(codes: string): (text: string) => string {
  return (text) => (text === "" ? text : `\u001b[${codes}m${text}${RESET}`);
}

const SEVERITY_STYLE: Readonly<Record<Severity, (text: string) => string>> = {
  critical: sgr("1;31"),
  high: sgr("31"),
  medium: sgr("33"),
  low: sgr("36"),
  none: sgr("2"),
  unknown: sgr("2"),
};

const identity = (text: string) => text;

const PLAIN: Paint = { bold: identity, dim: identity, severity: (_level, text) => text, kev: identity };

const COLOURED: Paint = {
  bold: sgr("1"),
  dim: sgr("2"),
  severity: (level, text) => SEVERITY_STYLE[level](text),
  kev: sgr("1;31"),
};

/** ANSI styles when `color` is on, else functions that return the text unchanged. */
export function paintFor(color: boolean): Paint {
  return color ? COLOURED : PLAIN;
}
