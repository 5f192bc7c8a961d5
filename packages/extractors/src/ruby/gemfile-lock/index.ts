import { baseName, makePackage, note, noteOnly } from "../../shared/index.ts";
import type { ExtractedPackage, ExtractInput, ExtractNote, Extractor, ExtractResult } from "../../types.ts";
import { parseGemfileLock } from "./parse.ts";

const ECOSYSTEM = "RubyGems";
const NAMES = new Set(["Gemfile.lock", "gems.locked"]);

function extractFrom(input: ExtractInput, text: string): ExtractResult {
  if (/^(<{7}|>{7}|={7})( |$)/m.test(text)) {
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "unresolved merge conflict markers");
  }
  const parsed = parseGemfileLock(text);
  if (!parsed.sawSection && text.trim() !== "") {
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "no Bundler lockfile sections (GEM, DEPENDENCIES, …)");
  }
  // Gems of PATH sections are the project's own (`gemspec`, local engines): what they require is
  // as direct as what the Gemfile names.
  const direct = new Set(parsed.dependencies);
  for (const spec of parsed.specs) if (spec.source === "PATH") for (const r of spec.requires) direct.add(r);

  const found = new Map<string, ExtractedPackage>();
  for (const spec of parsed.specs) {
    if (spec.source !== "GEM" && spec.source !== "GIT") continue;
    const key = `${spec.name}@${spec.version}`;
    const location = { path: input.path, line: spec.line };
    const seen = found.get(key);
    if (seen) {
      // Platform variants (`nokogiri (1.14.3-x86_64-linux)`) of one version are one package.
      found.set(key, { ...seen, locations: [...seen.locations, location] });
      continue;
    }
    const relation = direct.has(spec.name) ? "direct" : "transitive";
    found.set(
      key,
      makePackage({ ecosystem: ECOSYSTEM, name: spec.name, version: spec.version, locations: [location], relation }),
    );
  }
  const notes: ExtractNote[] = [];
  const [first] = parsed.badLines;
  if (first !== undefined) {
    const n = parsed.badLines.length;
    notes.push(
      note(input, "BULWARK_EXTRACT_PARSE_FAILED", `${n} line(s) in specs blocks are not \`name (version)\``, first),
    );
  }
  return { packages: [...found.values()], notes };
}

/** Bundler's `Gemfile.lock` / `gems.locked`: gems of GEM and GIT sections; PATH gems are the project's own. */
export const gemfileLockExtractor: Extractor = {
  name: "ruby/gemfile-lock",
  description: "Ruby Gemfile.lock / gems.locked: GEM and GIT gems; direct = listed in DEPENDENCIES",
  fileRequired: (path) => NAMES.has(baseName(path)),
  detect: (head) => /^(GEM|GIT|PATH)\r?\n {2}remote: /m.test(head),
  async extract(input) {
    return extractFrom(input, input.text());
  },
};
