import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { VersionScheme } from "../types.ts";

/**
 * An ordering fixture: groups of versions in ascending order. Versions in one
 * group compare equal.
 *
 * File format (UTF-8 text):
 * - one group per line, ascending; equal versions on one line separated by ` == `;
 * - `#` starts a comment line; blank lines are ignored;
 * - a line starting with `!` lists one version that must NOT parse (`! 1..2`).
 */
export interface OrderingFixture {
  readonly groups: readonly (readonly string[])[];
  readonly invalid: readonly string[];
}

/** Read an ordering fixture file. */
export function readOrderingFixture(path: string): OrderingFixture {
  const groups: string[][] = [];
  const invalid: string[] = [];
  for (const raw of readFileSync(path, "utf8").split("\n")) {
    const line = raw.trimEnd();
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    if (line.startsWith("!")) {
      invalid.push(line.slice(1).trim());
      continue;
    }
    groups.push(line.split(" == ").map((v) => v.trim()));
  }
  return { groups, invalid };
}

/** One disagreement between a scheme and a fixture. */
export interface OrderingProblem {
  readonly a: string;
  readonly b: string;
  readonly expected: "<" | "=" | ">" | "invalid" | "valid";
  readonly actual: string;
}

function sign(n: number): "<" | "=" | ">" {
  return n < 0 ? "<" : n > 0 ? ">" : "=";
}

/**
 * Check a scheme against a fixture: every version parses, every pair orders as the
 * fixture says (all pairs, both directions, so transitivity is tested too), and every
 * `!` line fails to parse. Returns the problems (empty when the scheme agrees).
 */
export function checkOrdering<V>(
  scheme: VersionScheme<V>,
  fixture: OrderingFixture,
  maxProblems = 20,
): OrderingProblem[] {
  const problems: OrderingProblem[] = [];
  const flat: { text: string; group: number; parsed: V }[] = [];
  fixture.groups.forEach((group, gi) => {
    for (const text of group) {
      const parsed = scheme.parse(text);
      if (parsed === undefined) problems.push({ a: text, b: "", expected: "valid", actual: "undefined" });
      else flat.push({ text, group: gi, parsed });
    }
  });
  for (let i = 0; i < flat.length && problems.length < maxProblems; i++) {
    for (let j = 0; j < flat.length && problems.length < maxProblems; j++) {
      const x = flat[i];
      const y = flat[j];
      if (x === undefined || y === undefined) continue;
      const expected = sign(x.group - y.group);
      const actual = sign(scheme.compare(x.parsed, y.parsed));
      if (expected !== actual) problems.push({ a: x.text, b: y.text, expected, actual });
    }
  }
  for (const text of fixture.invalid) {
    if (scheme.parse(text) !== undefined) problems.push({ a: text, b: "", expected: "invalid", actual: "parsed" });
  }
  return problems;
}

/** The ordering fixture files (`*.txt`) in a scheme's fixtures folder, sorted. */
export function orderingFixtureFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => join(dir, f));
}

/** Compare two version strings with a scheme, as -1/0/1; throws on an unparsable one (tests only). */
export function comparer<V>(scheme: VersionScheme<V>): (a: string, b: string) => number {
  return (a, b) => {
    const pa = scheme.parse(a);
    const pb = scheme.parse(b);
    if (pa === undefined || pb === undefined) throw new Error(`unparsable: ${a} / ${b}`);
    return Math.sign(scheme.compare(pa, pb));
  };
}
