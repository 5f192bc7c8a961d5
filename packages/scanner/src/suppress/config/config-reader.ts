import { BulwarkError } from "@bulwark/core";
import type { Document, LineCounter } from "yaml";

/** A location in the YAML tree: keys and list indexes. */
export type YamlPath = readonly (string | number)[];

/** `ignore[2].expires` for `["ignore", 2, "expires"]`. */
export function pointerOf(path: YamlPath): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

/** Validates values read from one configuration file, failing with the file, the field and what was expected. */
export class ConfigReader {
  constructor(
    readonly displayPath: string,
    readonly doc: Document,
    readonly lines: LineCounter,
  ) {}

  /** 1-based line of the node at `path`, when the document has one. */
  lineOf(path: YamlPath): number | undefined {
    const node = this.doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range === undefined ? undefined : this.lines.linePos(node.range[0]).line;
  }

  /** Throw `BULWARK_CONFIG_INVALID` for the value at `path`. */
  fail(path: YamlPath, problem: string): never {
    const pointer = pointerOf(path);
    const line = this.lineOf(path);
    throw new BulwarkError("BULWARK_CONFIG_INVALID", `${this.displayPath}: ${pointer}: ${problem}`, {
      details: { path: this.displayPath, pointer, ...(line === undefined ? {} : { line }) },
    });
  }

  /** A mapping; rejects keys outside `allowed` so that typos are not silently ignored. */
  mapping(value: unknown, path: YamlPath, allowed: readonly string[]): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.fail(path, `expected a mapping, got ${kind(value)}`);
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail([...path, key], `unknown key (expected one of ${allowed.join(", ")})`);
    }
    return value as Record<string, unknown>;
  }

  /** A list (absent means empty). */
  list(value: unknown, path: YamlPath): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(path, `expected a list, got ${kind(value)}`);
    return value;
  }

  /** A non-empty string, or `undefined` when absent and not `required`. */
  string(value: unknown, path: YamlPath, required: true): string;
  string(value: unknown, path: YamlPath, required?: false): string | undefined;
  string(value: unknown, path: YamlPath, required = false): string | undefined {
    if (value === undefined || value === null) {
      if (required) this.fail(path, "is required (expected a non-empty string)");
      return undefined;
    }
    // A version written as 1.10 in YAML is a number; accepting it would silently turn it into "1.1".
    if (typeof value !== "string") this.fail(path, `expected a string, got ${kind(value)} (quote it)`);
    if (value.trim() === "") this.fail(path, "expected a non-empty string");
    return value.trim();
  }

  /** A boolean, or `undefined` when absent. */
  boolean(value: unknown, path: YamlPath): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") this.fail(path, `expected true or false, got ${kind(value)}`);
    return value;
  }

  /** One of a fixed set of strings, or `undefined` when absent. */
  oneOf<T extends string>(value: unknown, path: YamlPath, allowed: readonly T[]): T | undefined {
    const s = this.string(value, path);
    if (s !== undefined && !(allowed as readonly string[]).includes(s)) {
      this.fail(path, `expected one of ${allowed.join(", ")}, got ${JSON.stringify(s)}`);
    }
    return s as T | undefined;
  }

  /** A calendar date `YYYY-MM-DD`, or `undefined` when absent. */
  date(value: unknown, path: YamlPath): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string" || !isCalendarDate(value.trim())) this.fail(path, "expected a date YYYY-MM-DD");
    return value.trim();
  }
}

function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Whether a `YYYY-MM-DD` expiry day has fully passed at `now` (the rule holds through that whole UTC day). */
export function hasExpired(expires: string | undefined, now: Date): boolean {
  if (expires === undefined) return false;
  const end = Date.parse(`${expires}T00:00:00Z`) + 24 * 60 * 60 * 1000;
  return now.getTime() >= end;
}

function kind(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}
