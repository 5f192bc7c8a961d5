import { describe, expect, it } from "vitest";
import { ecosystemApplies } from "./ecosystem-match.ts";

describe("ecosystemApplies", () => {
  it.each([
    ["Debian", "Debian:12", true],
    ["Debian:12", "Debian:12", true],
    ["Debian:11", "Debian:12", false],
    ["Debian:12", "Debian", true],
    ["Ubuntu:22.04:LTS", "Ubuntu:22.04", true],
    ["Ubuntu:Pro:18.04:LTS", "Ubuntu:18.04:LTS", false],
    ["Alpine:v3.20", "Alpine:3.20", true],
    ["Alpine:v3.19", "Alpine:v3.20", false],
    ["AlmaLinux:9", "AlmaLinux:9", true],
    ["AlmaLinux:8", "AlmaLinux:9", false],
    ["Maven", "Maven", true],
    ["Maven:https://maven.google.com", "Maven", false],
    ["Maven:https://repo.maven.apache.org/maven2", "Maven", true],
    ["pypi", "PyPI", true],
    ["npm", "PyPI", false],
    ["Root:Alpine:3.18", "Alpine:v3.18", false],
  ])("%s applies to %s: %s", (advisory, pkg, expected) => {
    expect(ecosystemApplies(advisory, pkg)).toBe(expected);
  });
});
