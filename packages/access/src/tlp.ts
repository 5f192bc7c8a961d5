/**
 * FIRST Traffic Light Protocol 2.0 labels, least to most restrictive. The array order is the
 * rank order, so a SQL filter can store the rank (index) next to the label.
 */
export const TLP_LABELS = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"] as const;

/** One TLP 2.0 label, in its canonical upper-case form without the `TLP:` prefix. */
export type TlpLabel = (typeof TLP_LABELS)[number];

// "TLP:" is optional; one run of spaces after the colon is common in mail subjects ("TLP: AMBER").
const SPELLING = /^(?:TLP:\s*)?(CLEAR|GREEN|AMBER|AMBER\+STRICT|RED)$/i;

/**
 * Reads a label from user or file input: the canonical form, any letter case, with or without
 * `TLP:` (`"TLP:AMBER+STRICT"`, `"tlp:clear"`, `"amber+strict"`). Anything else, including the
 * TLP 1.0 label `WHITE`, is `undefined` so the caller decides instead of this module guessing.
 */
export function parseTlp(text: string): TlpLabel | undefined {
  if (typeof text !== "string") return undefined;
  const match = SPELLING.exec(text.trim());
  return match === null ? undefined : (match[1]!.toUpperCase() as TlpLabel);
}

/** True when `value` is exactly one of {@link TLP_LABELS} (no case folding, no prefix). */
export function isTlpLabel(value: unknown): value is TlpLabel {
  return typeof value === "string" && (TLP_LABELS as readonly string[]).includes(value);
}

/**
 * CLEAR 0, GREEN 1, AMBER 2, AMBER+STRICT 3, RED 4. A value that is not a canonical label
 * ranks as RED: data that arrives malformed at runtime must fail closed, never open.
 */
export function tlpRank(label: TlpLabel): number {
  return isTlpLabel(label) ? TLP_LABELS.indexOf(label) : TLP_LABELS.indexOf("RED");
}

/** True when `label` is as restrictive as `threshold` or more (`isAtLeast("RED", "AMBER")`). */
export function isAtLeast(label: TlpLabel, threshold: TlpLabel): boolean {
  return tlpRank(label) >= tlpRank(threshold);
}
