import { describe, expect, it } from "vitest";
import { normalizePackageName } from "./names.ts";

describe("normalizePackageName", () => {
  it.each([
    ["PyPI", "Django", "django"],
    ["PyPI", "zope.interface", "zope-interface"],
    ["PyPI", "Foo__Bar-.baz", "foo-bar-baz"],
    ["crates.io", "Serde_JSON", "serde-json"],
    ["Maven", "org.apache.logging.log4j/log4j-core", "org.apache.logging.log4j:log4j-core"],
    ["NuGet", "Newtonsoft.Json", "newtonsoft.json"],
    ["npm", "JSONStream", "JSONStream"],
    ["Go", "github.com/Foo/Bar/", "github.com/Foo/Bar"],
    ["Debian:12", "NetworkManager", "NetworkManager"],
    ["SwiftURL", "https://github.com/Apple/swift-nio.git", "github.com/apple/swift-nio"],
  ])("%s %s → %s", (eco, name, expected) => {
    expect(normalizePackageName(eco, name)).toBe(expected);
  });
});
