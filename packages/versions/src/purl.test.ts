import { PackageURL } from "packageurl-js";
import { describe, expect, it } from "vitest";
import { packageToPurl, purlToPackage, purlToPackageOrThrow, purlToSpelledPackage } from "./purl.ts";

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

  it("keeps the purl's spelling of the name beside the folded one (purlToSpelledPackage)", () => {
    // The purl spec itself normalises PyPI names, so there the two agree.
    expect(purlToSpelledPackage("pkg:pypi/Django_REST@3.0")).toMatchObject({
      ecosystem: "PyPI",
      name: "django-rest",
      spelledName: "django-rest",
    });
    expect(purlToSpelledPackage("pkg:maven/org.Example/Lib@1")).toMatchObject({
      name: "org.example:lib",
      spelledName: "org.Example:Lib",
    });
    expect(purlToSpelledPackage("pkg:deb/debian/libssl3@3.0.11-1?distro=debian-12")).toMatchObject({
      ecosystem: "Debian:12",
      spelledName: "libssl3",
    });
    expect(purlToSpelledPackage("not a purl")).toBeUndefined();
  });

  it("returns undefined for junk and unmapped types; the throwing form has a code", () => {
    expect(purlToPackage("not a purl")).toBeUndefined();
    expect(purlToPackage("pkg:generic/foo@1")).toBeUndefined();
    expect(() => purlToPackageOrThrow("pkg:")).toThrowError(expect.objectContaining({ code: "BULWARK_PURL_INVALID" }));
  });
});

describe("packageToPurl", () => {
  it.each([
    ["npm", "@babel/core", "7.24.0", "pkg:npm/%40babel/core@7.24.0"],
    ["npm", "lodash", "4.17.21", "pkg:npm/lodash@4.17.21"],
    ["PyPI", "Django_REST.framework", "3.0", "pkg:pypi/django-rest-framework@3.0"],
    ["Go", "golang.org/x/net", "0.23.0", "pkg:golang/golang.org/x/net@v0.23.0"],
    ["Go", "stdlib", "1.22.1", "pkg:golang/stdlib@v1.22.1"],
    ["Maven", "org.apache.logging.log4j:log4j-core", "2.14.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"],
    ["crates.io", "serde", "1.0.0", "pkg:cargo/serde@1.0.0"],
    ["Packagist", "laravel/framework", "7.12.0", "pkg:composer/laravel/framework@7.12.0"],
    ["RubyGems", "rails", "7.1.0", "pkg:gem/rails@7.1.0"],
    ["CocoaPods", "AFNetworking", "4.0.1", "pkg:cocoapods/AFNetworking@4.0.1"],
    ["Debian:12", "openssl", "3.0.11-1~deb12u2", "pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12"],
    ["Ubuntu:22.04:LTS", "bash", "5.1-6ubuntu1", "pkg:deb/ubuntu/bash@5.1-6ubuntu1?distro=ubuntu-22.04"],
    ["Alpine:v3.20", "musl", "1.2.5-r0", "pkg:apk/alpine/musl@1.2.5-r0?distro=alpine-3.20"],
    ["AlmaLinux:9", "openssl", "1:3.0.7-27.el9", "pkg:rpm/almalinux/openssl@3.0.7-27.el9?distro=almalinux-9&epoch=1"],
  ])("%s %s %s -> %s", (eco, name, version, purl) => {
    expect(packageToPurl(eco, name, version)).toBe(purl);
  });

  it("round-trips through purlToPackage", () => {
    for (const [eco, name, version] of [
      ["npm", "@babel/core", "7.24.0"],
      ["Go", "golang.org/x/net", "0.23.0"],
      ["Maven", "org.apache.logging.log4j:log4j-core", "2.14.1"],
      ["Debian:12", "openssl", "3.0.11-1~deb12u2"],
      ["Alpine:v3.20", "musl", "1.2.5-r0"],
      ["AlmaLinux:9", "openssl", "1:3.0.7-27.el9"],
      ["Photon OS:4.0", "openssl", "3.0.8-3.ph4"],
    ] as const) {
      const purl = packageToPurl(eco, name, version);
      expect(purl && purlToPackage(purl)).toEqual({ ecosystem: eco, name, version });
    }
  });

  it("keeps extra qualifiers and has no purl for ecosystems without a type", () => {
    expect(packageToPurl("Debian:12", "libc6", "2.36-9", { arch: "amd64" })).toBe(
      "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12",
    );
    expect(packageToPurl("Linux", "kernel", "6.1")).toBeUndefined();
  });
});

describe("packageToPurl on names the purl spec rejects", () => {
  it("returns undefined instead of throwing", () => {
    expect(packageToPurl("npm", "", "1.0.0")).toBeUndefined();
    expect(packageToPurl("Maven", ":artifact", "1.0")).toBeUndefined();
  });
});

describe("packageToPurl's plain npm fast path", () => {
  it("gives exactly what packageurl-js gives", () => {
    const names = [
      "lodash",
      "@babel/core",
      "@types/node",
      "left-pad",
      "a.b_c~d",
      "@a-b/c.d",
      "Upper",
      "@Scope/x",
      "é",
      "x y",
    ];
    const versions = ["1.0.0", "1.0.0-rc.1+build.5", "0.0.0-2024_01~x", undefined, "1.0.0 beta", "1:2"];
    for (const name of names) {
      for (const version of versions) {
        const [namespace, base] = name.startsWith("@") ? name.split("/") : [undefined, name];
        let expected: string | undefined;
        try {
          expected = new PackageURL("npm", namespace, base, version, undefined, undefined).toString();
        } catch {
          expected = undefined;
        }
        expect(packageToPurl("npm", name, version), `${name} ${version}`).toBe(expected);
      }
    }
  });
});
