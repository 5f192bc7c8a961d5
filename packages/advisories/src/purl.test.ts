import { describe, expect, it } from "vitest";
import { purlToPackage, purlToPackageOrThrow } from "./purl.ts";

describe("purlToPackage", () => {
  it.each([
    ["pkg:npm/%40angular/core@16.0.0", { ecosystem: "npm", name: "@angular/core", version: "16.0.0" }],
    ["pkg:pypi/Django_Rest@1.0", { ecosystem: "PyPI", name: "django-rest", version: "1.0" }],
    [
      "pkg:golang/github.com/gin-gonic/gin@v1.9.0",
      { ecosystem: "Go", name: "github.com/gin-gonic/gin", version: "1.9.0" },
    ],
    [
      "pkg:golang/golang.org/x/net@v0.0.0-20220722155237-a158d28d115b",
      { ecosystem: "Go", name: "golang.org/x/net", version: "0.0.0-20220722155237-a158d28d115b" },
    ],
    [
      "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
      { ecosystem: "Maven", name: "org.apache.logging.log4j:log4j-core", version: "2.14.1" },
    ],
    ["pkg:cargo/tokio@1.0.0", { ecosystem: "crates.io", name: "tokio", version: "1.0.0" }],
    ["pkg:gem/rails@7.0.0", { ecosystem: "RubyGems", name: "rails", version: "7.0.0" }],
    ["pkg:nuget/Newtonsoft.Json@13.0.1", { ecosystem: "NuGet", name: "newtonsoft.json", version: "13.0.1" }],
    ["pkg:composer/laravel/framework@9.0.0", { ecosystem: "Packagist", name: "laravel/framework", version: "9.0.0" }],
    [
      "pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12&arch=amd64",
      { ecosystem: "Debian:12", name: "openssl", version: "3.0.11-1~deb12u2" },
    ],
    ["pkg:deb/debian/curl@7.88.1-10?distro=bookworm", { ecosystem: "Debian:12", name: "curl", version: "7.88.1-10" }],
    [
      "pkg:deb/ubuntu/curl@8.5.0-2ubuntu10?distro=ubuntu-24.04",
      { ecosystem: "Ubuntu:24.04:LTS", name: "curl", version: "8.5.0-2ubuntu10" },
    ],
    ["pkg:deb/ubuntu/curl@1?distro=ubuntu-23.10", { ecosystem: "Ubuntu:23.10", name: "curl", version: "1" }],
    [
      "pkg:apk/alpine/openssl@3.1.4-r0?distro=3.20.1",
      { ecosystem: "Alpine:v3.20", name: "openssl", version: "3.1.4-r0" },
    ],
    [
      "pkg:rpm/almalinux/openssl@3.0.7-25.el9?epoch=1&distro=almalinux-9.4",
      { ecosystem: "AlmaLinux:9", name: "openssl", version: "1:3.0.7-25.el9" },
    ],
  ])("%s", (purl, expected) => {
    expect(purlToPackage(purl)).toEqual(expected);
  });

  it("returns undefined for junk and unmapped types; the throwing form has a code", () => {
    expect(purlToPackage("not a purl")).toBeUndefined();
    expect(purlToPackage("pkg:generic/foo@1")).toBeUndefined();
    expect(() => purlToPackageOrThrow("pkg:")).toThrowError(expect.objectContaining({ code: "BULWARK_PURL_INVALID" }));
  });
});
