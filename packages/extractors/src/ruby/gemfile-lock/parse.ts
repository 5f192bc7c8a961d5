// Line-level reading of Bundler's lockfile format: top-level section headers, `specs:` blocks
// whose 4-space lines are locked gems and 6-space lines their requirements, and DEPENDENCIES.

/** A source section that lists gems under `specs:`. */
export type SourceKind = "GEM" | "GIT" | "PATH" | "PLUGIN SOURCE";

const SOURCE_KINDS = new Set<string>(["GEM", "GIT", "PATH", "PLUGIN SOURCE"]);

/** One locked gem of a source section. */
export interface LockedSpec {
  readonly source: SourceKind;
  readonly name: string;
  readonly version: string;
  /** What follows the first `-` of `name (version-platform)`, e.g. `x86_64-linux`. */
  readonly platform: string | undefined;
  readonly line: number;
  /** Names of the gems this spec requires (its 6-space lines). */
  readonly requires: string[];
}

/** What a Gemfile.lock says, before any decision about what to inventory. */
export interface ParsedLockfile {
  readonly specs: LockedSpec[];
  /** Names listed under DEPENDENCIES (the Gemfile's own gems), without `!` and constraints. */
  readonly dependencies: Set<string>;
  /** Lines inside `specs:` blocks that are not `name (version)` or a requirement. */
  readonly badLines: number[];
  readonly sawSection: boolean;
}

// `name (version)` or `name (version-platform)`: Bundler writes versions without `-`, the
// platform follows the first one.
const SPEC = /^ {4}([^ ()]+) \(([^-()\s]+)(?:-([^()\s]+))?\)$/;
const REQUIREMENT = /^ {6}[^ ]/;
const DEPENDENCY = /^ {2}([^ !()]+)!?(?: \(.*\))?$/;

/** Split a lockfile into sections and read the ones that name gems. */
export function parseGemfileLock(text: string): ParsedLockfile {
  const specs: LockedSpec[] = [];
  const dependencies = new Set<string>();
  const badLines: number[] = [];
  let section = "";
  let inSpecs = false;
  let sawSection = false;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    if (!raw.startsWith(" ")) {
      section = raw.trim();
      sawSection = true;
      inSpecs = false;
      return;
    }
    if (section === "DEPENDENCIES") {
      const m = DEPENDENCY.exec(raw);
      if (m?.[1]) dependencies.add(m[1]);
      return;
    }
    if (!SOURCE_KINDS.has(section)) return;
    if (raw === "  specs:") {
      inSpecs = true;
      return;
    }
    if (!inSpecs) return;
    const spec = SPEC.exec(raw);
    if (spec?.[1] && spec[2]) {
      const source = section as SourceKind;
      specs.push({ source, name: spec[1], version: spec[2], platform: spec[3], line, requires: [] });
      return;
    }
    if (REQUIREMENT.test(raw)) {
      const name = raw.trim().split(" ")[0] ?? "";
      specs.at(-1)?.requires.push(name);
      return;
    }
    badLines.push(line);
  });
  return { specs, dependencies, badLines, sawSection };
}
