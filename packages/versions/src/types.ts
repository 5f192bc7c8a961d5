/**
 * A version scheme: how one family of ecosystems spells and orders versions.
 *
 * `parse` never throws: a string the scheme cannot read is `undefined`, which the
 * matcher reports as "undetermined" instead of guessing. `compare` takes parsed
 * values so hot loops parse once and compare many times.
 */
export interface VersionScheme<V = unknown> {
  /** Stable identifier, the folder name (`semver`, `pep440`, `dpkg`, ...). */
  readonly id: string;
  /** Human-readable name with the specification it follows. */
  readonly title: string;
  /** Parse a version string; `undefined` when it is not a valid version in this scheme. */
  parse(s: string): V | undefined;
  /** Order two parsed versions: negative, zero or positive. */
  compare(a: V, b: V): number;
}

/** A scheme with its parsed type erased, as the registry hands it out. */
export type AnyVersionScheme = VersionScheme<unknown>;
