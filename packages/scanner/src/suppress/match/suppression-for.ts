import type { VexStatement } from "../vex/types.ts";
import { productMatches } from "./product-match.ts";
import type { SuppressionFinding } from "./types.ts";

/** What the VEX statements say about one finding. */
export interface VexSuppression {
  /** True when the deciding statement is `not_affected` or `fixed`. */
  readonly suppressed: boolean;
  /** The deciding statement, when any statement covers the finding. */
  readonly by?: VexStatement;
  /** One line for `--show-suppressed` and reports. */
  readonly reason: string;
}

/**
 * Decide whether VEX statements suppress a finding. A statement covers the finding when one of its ids
 * (vulnerability or aliases, compared case-insensitively) is in the finding's alias group and one of its
 * products matches the package ({@link productMatches}). Of the covering statements the newest decides
 * (statement timestamp, else the document's; on a tie or without timestamps, the one read last), so a later
 * `affected` statement takes back an earlier `not_affected`. `not_affected` and `fixed` suppress.
 */
export function suppressionFor(finding: SuppressionFinding, statements: readonly VexStatement[]): VexSuppression {
  const ids = new Set(finding.ids.map((id) => id.trim().toUpperCase()));
  let deciding: VexStatement | undefined;
  let decidingTime = Number.NEGATIVE_INFINITY;
  for (const statement of statements) {
    const names = [statement.vulnerability, ...(statement.aliases ?? [])];
    if (!names.some((n) => ids.has(n.trim().toUpperCase()))) continue;
    if (!statement.products.some((p) => productMatches(p, finding))) continue;
    const time = statement.timestamp === undefined ? Number.NEGATIVE_INFINITY : Date.parse(statement.timestamp);
    const comparable = Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
    if (deciding === undefined || comparable >= decidingTime) {
      deciding = statement;
      decidingTime = comparable;
    }
  }
  if (deciding === undefined) return { suppressed: false, reason: "no VEX statement covers this finding" };
  const suppressed = deciding.status === "not_affected" || deciding.status === "fixed";
  return { suppressed, by: deciding, reason: describeStatement(deciding) };
}

/** `not_affected (vulnerable_code_not_present): <impact> [openvex vex.json#statements[3]]`. */
export function describeStatement(s: VexStatement): string {
  const justification = s.justification === undefined ? "" : ` (${s.justification})`;
  const detail = s.impactStatement ?? s.actionStatement;
  const entry = s.source.format === "openvex" ? "statements" : "vulnerabilities";
  const where = `${s.source.format} ${s.source.path}#${entry}[${s.source.statementIndex}]`;
  return `${s.status}${justification}${detail === undefined ? "" : `: ${firstLine(detail)}`} [${where}]`;
}

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0]!.trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}
