/**
 * Building blocks for "sortable keys": strings whose plain `<` order (UTF-16 code
 * units) equals a scheme's version order. Schemes encode a version once at parse
 * time so `compare` is a single string comparison, and numbers of any size still
 * order exactly (no Number/BigInt range limits).
 *
 * Each field is written in a self-delimiting way, so two keys that agree up to some
 * position are always at the same field there and the first differing code unit
 * decides. Marker code units below `0x30` are chosen per field by the schemes.
 */

/**
 * Encode a run of ASCII digits as a natural number: leading zeros dropped, then one
 * code unit holding the digit count (so shorter numbers sort first) and the digits.
 * Callers cap their input length (≤ 256 chars), which keeps the count code unit in range.
 */
export function natKey(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 0x30) i++;
  const d = i === 0 ? digits : digits.slice(i);
  // "0" becomes the empty run so every zero spelling ("0", "000") encodes alike.
  const norm = d === "0" ? "" : d;
  return String.fromCharCode(0x30 + norm.length) + norm;
}

/** Order two sortable keys: negative, zero or positive. */
export function compareKeys(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
