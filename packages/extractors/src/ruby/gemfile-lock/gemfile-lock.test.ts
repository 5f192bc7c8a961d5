import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { gemfileLockExtractor } from "./index.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));

describe("ruby/gemfile-lock", () => {
  it("wants Gemfile.lock and gems.locked", () => {
    expect(gemfileLockExtractor.fileRequired("Gemfile.lock")).toBe(true);
    expect(gemfileLockExtractor.fileRequired("app/gems.locked")).toBe(true);
    expect(gemfileLockExtractor.fileRequired("Gemfile")).toBe(false);
    expect(gemfileLockExtractor.fileRequired("gemfile.lock")).toBe(false);
  });

  it("reads discourse's lockfile: GIT and GEM gems, platform variants merged", async () => {
    const { packages, notes } = await runExtractor(gemfileLockExtractor, root, "discourse/Gemfile.lock");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(25);
    expect(packages[0]).toEqual({
      ecosystem: "RubyGems",
      name: "sprockets",
      version: "3.7.2",
      purl: "pkg:gem/sprockets@3.7.2",
      locations: [{ path: "discourse/Gemfile.lock", line: 6 }],
      relation: "direct",
    });
    const nokogiri = packages.filter((p) => p.name === "nokogiri");
    expect(nokogiri).toHaveLength(1);
    expect(nokogiri[0]?.version).toBe("1.14.3");
    expect(nokogiri[0]?.locations.map((l) => l.line)).toEqual([55, 58, 60, 62, 64]);
    expect(packages.find((p) => p.name === "libv8-node")?.locations).toHaveLength(6);
    expect(packages.find((p) => p.name === "actionpack")).toMatchObject({ version: "7.0.4.3", relation: "direct" });
    expect(packages.find((p) => p.name === "racc")).toMatchObject({ version: "1.6.2", relation: "transitive" });
    expect(packages.filter((p) => p.relation === "direct").map((p) => p.name)).toEqual([
      "sprockets",
      "actionpack",
      "actionview",
      "activesupport",
      "loofah",
      "mini_racer",
      "minitest",
      "nokogiri",
      "rack",
      "rake",
      "sass-embedded",
      "sprockets-rails",
    ]);
  });

  it("leaves PATH gems out, counts their requirements as direct and notes a stray line", async () => {
    const { packages, notes } = await runExtractor(gemfileLockExtractor, root, "path-gemspec/Gemfile.lock");
    expect(packages.map((p) => `${p.name}@${p.version}:${p.relation}`)).toEqual([
      "faraday@2.7.4:direct",
      "faraday-net_http@3.0.2:transitive",
      "i18n@1.12.0:transitive",
      "money@6.16.0:direct",
      "rspec@3.12.0:direct",
      "ruby2_keywords@0.0.5:transitive",
    ]);
    expect(notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "path-gemspec/Gemfile.lock",
        message: "1 line(s) in specs blocks are not `name (version)`",
        line: 26,
      },
    ]);
  });

  it("notes files that are not lockfiles and merge conflicts", async () => {
    const junk = await runOnText(gemfileLockExtractor, "Gemfile.lock", "  just some\n  indented text\n");
    expect(junk.notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
    const conflict = await runOnText(
      gemfileLockExtractor,
      "Gemfile.lock",
      "GEM\n  remote: https://rubygems.org/\n  specs:\n<<<<<<< HEAD\n    rack (2.2.7)\n=======\n    rack (3.0.8)\n>>>>>>> main\n",
    );
    expect(conflict).toEqual({
      packages: [],
      notes: [
        { code: "BULWARK_EXTRACT_PARSE_FAILED", path: "Gemfile.lock", message: "unresolved merge conflict markers" },
      ],
    });
    expect(await runOnText(gemfileLockExtractor, "Gemfile.lock", "")).toEqual({ packages: [], notes: [] });
  });

  it("reads CRLF line endings", async () => {
    const text =
      "GEM\r\n  remote: https://rubygems.org/\r\n  specs:\r\n    rack (2.2.7)\r\n\r\nDEPENDENCIES\r\n  rack\r\n";
    const { packages } = await runOnText(gemfileLockExtractor, "Gemfile.lock", text);
    expect(packages).toEqual([
      {
        ecosystem: "RubyGems",
        name: "rack",
        version: "2.2.7",
        purl: "pkg:gem/rack@2.2.7",
        locations: [{ path: "Gemfile.lock", line: 4 }],
        relation: "direct",
      },
    ]);
  });
});
