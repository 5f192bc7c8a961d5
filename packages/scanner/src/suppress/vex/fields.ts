import { BulwarkError } from "@bulwark/core";

/** A JSON object, as far as a reader can tell. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Throw the coded error for a malformed VEX document, naming the file and the JSON location. */
export function vexInvalid(path: string, pointer: string, problem: string): never {
  const where = pointer === "" ? path : `${path}: ${pointer}`;
  throw new BulwarkError("BULWARK_VEX_INVALID", `${where}: ${problem}`, { details: { path, pointer } });
}

/** Reads typed fields out of one VEX document, failing with a precise location when a type is wrong. */
export class FieldReader {
  constructor(readonly path: string) {}

  /** Fail at `pointer`. */
  fail(pointer: string, problem: string): never {
    return vexInvalid(this.path, pointer, problem);
  }

  /** An optional string field; empty strings count as absent. */
  optString(obj: JsonObject, key: string, at: string): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") this.fail(join(at, key), `expected a string, got ${describe(v)}`);
    return v.trim() === "" ? undefined : v;
  }

  /** A required, non-empty string field. */
  string(obj: JsonObject, key: string, at: string): string {
    const v = this.optString(obj, key, at);
    if (v === undefined) this.fail(join(at, key), "missing (expected a non-empty string)");
    return v;
  }

  /** An optional array field (absent means empty). */
  array(obj: JsonObject, key: string, at: string): unknown[] {
    const v = obj[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(join(at, key), `expected an array, got ${describe(v)}`);
    return v;
  }

  /** An optional object field. */
  optObject(obj: JsonObject, key: string, at: string): JsonObject | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) this.fail(join(at, key), `expected an object, got ${describe(v)}`);
    return v;
  }

  /** Element `i` of an array that must hold objects. */
  objectAt(list: unknown[], i: number, at: string): JsonObject {
    const v = list[i];
    if (!isObject(v)) this.fail(`${at}[${i}]`, `expected an object, got ${describe(v)}`);
    return v;
  }

  /** An optional array of strings. */
  strings(obj: JsonObject, key: string, at: string): string[] {
    return this.array(obj, key, at).map((v, i) => {
      if (typeof v !== "string") this.fail(`${join(at, key)}[${i}]`, `expected a string, got ${describe(v)}`);
      return v;
    });
  }
}

/** Append a key to a JSON location (`vulnerabilities[2]` + `id`). */
export function join(at: string, key: string): string {
  return at === "" ? key : `${at}.${key}`;
}

/** A short description of a JSON value's type for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** `{ [key]: value }` when the value is present, `{}` otherwise: keeps absent fields out of objects. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
