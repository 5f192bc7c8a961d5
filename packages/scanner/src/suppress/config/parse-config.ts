import { dirname, resolve } from "node:path";
import { BulwarkError } from "@bulwark/core";
import { LineCounter, parseDocument } from "yaml";
import { ConfigReader, hasExpired, pointerOf, type YamlPath } from "./config-reader.ts";
import {
  type BulwarkConfig,
  type ConfigWarning,
  FAIL_ON_VALUES,
  type IgnoreRule,
  MISSION_VALUES,
  type PackageOverride,
} from "./types.ts";

const TOP_LEVEL_KEYS = ["ignore", "packages", "exclude", "failOn", "mission", "exposed", "vex"];
const IGNORE_KEYS = ["id", "reason", "expires"];
const PACKAGE_KEYS = ["ecosystem", "name", "version", "ignore", "reason", "expires"];

/** Options for {@link parseConfig}. */
export interface ParseConfigOptions {
  /** The clock that decides which rules have expired; packages never read the clock themselves. */
  readonly now: Date;
}

/**
 * Parse and strictly validate the text of a `bulwark.yaml`. `path` is used in messages and to resolve the
 * `vex` paths. Any YAML or type error is a `BULWARK_CONFIG_INVALID` error naming the file and the field
 * (`bulwark.yaml: ignore[2].expires: expected a date YYYY-MM-DD`); expired rules become warnings.
 */
export function parseConfig(path: string, text: string, options: ParseConfigOptions): BulwarkConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const line = yamlError.linePos?.[0].line;
    throw new BulwarkError("BULWARK_CONFIG_INVALID", `${path}: not valid YAML: ${yamlError.message.split("\n")[0]}`, {
      details: { path, ...(line === undefined ? {} : { line }) },
    });
  }
  const r = new ConfigReader(path, doc, lines);
  const root = doc.toJS() as unknown;
  if (root === null || root === undefined)
    return { path, ignore: [], packages: [], exclude: [], vex: [], warnings: [] };
  if (typeof root !== "object" || Array.isArray(root)) {
    throw new BulwarkError("BULWARK_CONFIG_INVALID", `${path}: expected a mapping of settings at the top level`, {
      details: { path },
    });
  }
  const top = r.mapping(root, [], TOP_LEVEL_KEYS);
  const warnings: ConfigWarning[] = [];
  const ignore = r.list(top.ignore, ["ignore"]).map((e, i) => ignoreRule(r, e, ["ignore", i], i, options.now));
  const packages = r.list(top.packages, ["packages"]).map((e, i) => override(r, e, ["packages", i], i, options.now));
  for (const rule of ignore) {
    if (rule.expired)
      warn(r, warnings, ["ignore", rule.index], `(${rule.id}) expired on ${rule.expires} and no longer suppresses`);
  }
  for (const o of packages) {
    const at: YamlPath = ["packages", o.index];
    if (o.expired) warn(r, warnings, at, `(${o.name}) expired on ${o.expires} and no longer suppresses`);
    else if (!o.ignore) warn(r, warnings, at, `(${o.name}) has no effect: set ignore: true to suppress its findings`);
  }
  const exclude = r.list(top.exclude, ["exclude"]).map((e, i) => r.string(e, ["exclude", i], true));
  const base = dirname(path);
  const vex = r.list(top.vex, ["vex"]).map((e, i) => resolve(base, r.string(e, ["vex", i], true)));
  const failOn = r.oneOf(top.failOn, ["failOn"], FAIL_ON_VALUES);
  const mission = r.oneOf(top.mission, ["mission"], MISSION_VALUES);
  const exposed = r.boolean(top.exposed, ["exposed"]);
  return {
    path,
    ignore,
    packages,
    exclude,
    ...(failOn === undefined ? {} : { failOn }),
    ...(mission === undefined ? {} : { mission }),
    ...(exposed === undefined ? {} : { exposed }),
    vex,
    warnings,
  };
}

function ignoreRule(r: ConfigReader, value: unknown, at: YamlPath, index: number, now: Date): IgnoreRule {
  const e = r.mapping(value, at, IGNORE_KEYS);
  const expires = r.date(e.expires, [...at, "expires"]);
  return {
    id: r.string(e.id, [...at, "id"], true),
    reason: r.string(e.reason, [...at, "reason"], true),
    ...(expires === undefined ? {} : { expires }),
    expired: hasExpired(expires, now),
    index,
  };
}

function override(r: ConfigReader, value: unknown, at: YamlPath, index: number, now: Date): PackageOverride {
  const e = r.mapping(value, at, PACKAGE_KEYS);
  const ecosystem = r.string(e.ecosystem, [...at, "ecosystem"]);
  const version = r.string(e.version, [...at, "version"]);
  const expires = r.date(e.expires, [...at, "expires"]);
  return {
    ...(ecosystem === undefined ? {} : { ecosystem }),
    name: r.string(e.name, [...at, "name"], true),
    ...(version === undefined ? {} : { version }),
    ignore: r.boolean(e.ignore, [...at, "ignore"]) ?? false,
    reason: r.string(e.reason, [...at, "reason"], true),
    ...(expires === undefined ? {} : { expires }),
    expired: hasExpired(expires, now),
    index,
  };
}

function warn(r: ConfigReader, warnings: ConfigWarning[], at: YamlPath, problem: string): void {
  const pointer = pointerOf(at);
  const line = r.lineOf(at);
  warnings.push({
    message: `${r.displayPath}: ${pointer} ${problem}`,
    pointer,
    ...(line === undefined ? {} : { line }),
  });
}
