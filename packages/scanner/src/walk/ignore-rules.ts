import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";

/** Directories a source-tree scan skips unless `--no-ignore`: dependencies, VCS data and build outputs. */
export const DEFAULT_SKIPPED_DIRS: ReadonlySet<string> = new Set([
  ".git",
  ".hg",
  ".svn",
  "node_modules",
  "bower_components",
  "vendor",
  ".venv",
  "venv",
  "__pycache__",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
  ".gradle",
  ".m2",
  "target",
  "build",
  "dist",
  "out",
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".terraform",
  ".cache",
  ".yarn",
  ".pnpm-store",
]);

/** What a walk leaves out. */
export interface IgnoreOptions {
  /** Honour `.gitignore` files and skip {@link DEFAULT_SKIPPED_DIRS}. */
  readonly useIgnoreFiles: boolean;
  /** Glob patterns (picomatch, matched against root-relative paths and each path's basename). */
  readonly exclude: readonly string[];
}

/** The `.gitignore` rules in force for one directory: its own file plus its ancestors'. */
export interface GitignoreLayer {
  /** Directory the rules' patterns are relative to (root-relative). */
  readonly base: string;
  readonly rules: Ignore;
}

/** Decides, path by path, what a walk skips. Pure except for the gitignore layers the walker feeds it. */
export class IgnoreRules {
  readonly #opts: IgnoreOptions;
  readonly #exclude: ((p: string) => boolean) | undefined;

  constructor(opts: IgnoreOptions) {
    this.#opts = opts;
    this.#exclude =
      opts.exclude.length > 0 ? picomatch(opts.exclude as string[], { dot: true, basename: false }) : undefined;
  }

  /** Whether `.gitignore` files are read at all. */
  get usesIgnoreFiles(): boolean {
    return this.#opts.useIgnoreFiles;
  }

  /** Parse a `.gitignore` found in `base`. */
  static parseGitignore(base: string, text: string): GitignoreLayer {
    return { base, rules: ignore({ allowRelativePaths: true }).add(text) };
  }

  /** Whether to skip `path` (root-relative), a directory when `isDir`, given the gitignore layers above it. */
  skips(path: string, name: string, isDir: boolean, layers: readonly GitignoreLayer[]): boolean {
    if (this.#exclude && (this.#exclude(path) || this.#exclude(name) || (isDir && this.#exclude(`${path}/`)))) {
      return true;
    }
    if (!this.#opts.useIgnoreFiles) return false;
    if (isDir && DEFAULT_SKIPPED_DIRS.has(name)) return true;
    // Deeper .gitignore files override shallower ones, including `!pattern` re-inclusions.
    let ignored = false;
    for (const layer of layers) {
      const rel = layer.base === "" ? path : path.slice(layer.base.length + 1);
      const verdict = layer.rules.test(isDir ? `${rel}/` : rel);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }
}
