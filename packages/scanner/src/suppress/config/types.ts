/** The `failOn` thresholds the CLI accepts (`--fail-on`). */
export const FAIL_ON_VALUES = ["low", "medium", "high", "critical", "kev", "ssvc:attend", "ssvc:act"] as const;
/** A `failOn` threshold. */
export type FailOn = (typeof FAIL_ON_VALUES)[number];

/** The SSVC mission and well-being levels (`--mission`). */
export const MISSION_VALUES = ["low", "medium", "high"] as const;
/** A mission and well-being level. */
export type Mission = (typeof MISSION_VALUES)[number];

/** `ignore[]`: a vulnerability id ignored everywhere, with a reason and an optional expiry date. */
export interface IgnoreRule {
  /** The id as written; it matches any id of a finding's alias group, case-insensitively. */
  readonly id: string;
  readonly reason: string;
  /** `YYYY-MM-DD`: the rule suppresses up to and including this day (UTC). */
  readonly expires?: string;
  /** True when `expires` is before the clock given to the loader: the rule no longer suppresses. */
  readonly expired: boolean;
  /** Position in the `ignore` list, for messages. */
  readonly index: number;
}

/** `packages[]`: a package override. With `ignore: true` every finding on the package is suppressed. */
export interface PackageOverride {
  /** OSV ecosystem; without one the override applies in every ecosystem. */
  readonly ecosystem?: string;
  readonly name: string;
  /** Exact version; without one the override applies to every version. */
  readonly version?: string;
  readonly ignore: boolean;
  readonly reason: string;
  /** `YYYY-MM-DD`, as for {@link IgnoreRule.expires}. */
  readonly expires?: string;
  readonly expired: boolean;
  /** Position in the `packages` list, for messages. */
  readonly index: number;
}

/** A problem in the configuration that does not stop the scan (an expired rule, an override with no effect). */
export interface ConfigWarning {
  readonly message: string;
  /** The location in the file, as `ignore[2]`. */
  readonly pointer: string;
  /** 1-based line in the file, when known. */
  readonly line?: number;
}

/** A validated `bulwark.yaml`. */
export interface BulwarkConfig {
  /** The file it was read from; absent for the empty configuration. */
  readonly path?: string;
  readonly ignore: readonly IgnoreRule[];
  readonly packages: readonly PackageOverride[];
  /** Path globs (picomatch, root-relative) the directory walk skips. */
  readonly exclude: readonly string[];
  readonly failOn?: FailOn;
  readonly mission?: Mission;
  /** Whether the scanned system is exposed to the internet (`--exposed`). */
  readonly exposed?: boolean;
  /** VEX documents to apply, resolved against the configuration file's directory. */
  readonly vex: readonly string[];
  readonly warnings: readonly ConfigWarning[];
}

/** The configuration used when there is no `bulwark.yaml`. */
export const EMPTY_CONFIG: BulwarkConfig = { ignore: [], packages: [], exclude: [], vex: [], warnings: [] };
