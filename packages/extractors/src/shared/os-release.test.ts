import { describe, expect, it } from "vitest";
import { osEcosystemFor, osReleaseFor, parseOsRelease } from "./os-release.ts";

// Real os-release files: Debian 12 (debian:bookworm image), Ubuntu 22.04.4 (as printed in many
// public READMEs), Alpine 3.20, AlmaLinux 9.2 (ROCm/ROCm issue #2562).
const DEBIAN_12 = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
`;
const UBUNTU_2204 = `PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
UBUNTU_CODENAME=jammy
`;
const ALPINE_320 = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.20.2
PRETTY_NAME="Alpine Linux v3.20"
`;
const ALMA_92 = `NAME="AlmaLinux"
VERSION="9.2 (Turquoise Kodkod)"
ID="almalinux"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.2"
`;

describe("parseOsRelease", () => {
  it("reads quoted and unquoted values, skipping comments and junk", () => {
    expect(parseOsRelease(DEBIAN_12)).toMatchObject({
      PRETTY_NAME: "Debian GNU/Linux 12 (bookworm)",
      VERSION_ID: "12",
      VERSION_CODENAME: "bookworm",
      ID: "debian",
    });
    const text = "# comment\r\nID='single quoted'\r\nNOT AN ASSIGNMENT\n=novalue\nBAD-KEY=x\n  NAME=\"spaced\"  \n";
    expect(parseOsRelease(text)).toEqual({ ID: "single quoted", NAME: "spaced" });
  });

  it("unescapes backslashes like the shell", () => {
    const text = 'A="say \\"hi\\" \\$HOME \\\\ \\n"\nB=a\\ b\nC=\'no \\escape\'\nD="unterminated\n';
    expect(parseOsRelease(text)).toEqual({ A: 'say "hi" $HOME \\ \\n', B: "a b", C: "no \\escape", D: "unterminated" });
  });
});

describe("osEcosystemFor", () => {
  const eco = (text: string, family: "deb" | "apk" | "rpm") => osEcosystemFor(parseOsRelease(text), family);

  it("spells Debian, Ubuntu and Alpine releases as OSV does", () => {
    expect(eco(DEBIAN_12, "deb")).toBe("Debian:12");
    expect(eco("ID=debian\nVERSION_CODENAME=trixie\n", "deb")).toBe("Debian:13");
    expect(eco("ID=debian\nVERSION_CODENAME=sid\n", "deb")).toBe("Debian");
    expect(eco(UBUNTU_2204, "deb")).toBe("Ubuntu:22.04:LTS");
    expect(eco('ID=ubuntu\nVERSION_ID="23.10"\n', "deb")).toBe("Ubuntu:23.10");
    expect(eco('ID=ubuntu\nVERSION_ID="24.04"\n', "deb")).toBe("Ubuntu:24.04:LTS");
    expect(eco(ALPINE_320, "apk")).toBe("Alpine:v3.20");
    expect(eco("ID=alpine\nVERSION_ID=3.21_alpha20240923\n", "apk")).toBe("Alpine:v3.21");
  });

  it("maps the apk and rpm distributions OSV has", () => {
    expect(eco("ID=wolfi\n", "apk")).toBe("Wolfi");
    expect(eco('ID="chainguard"\n', "apk")).toBe("Chainguard");
    expect(eco(ALMA_92, "rpm")).toBe("AlmaLinux:9");
    expect(eco('ID="rocky"\nVERSION_ID="8.9"\n', "rpm")).toBe("Rocky Linux:8");
    expect(eco('ID="rhel"\nVERSION_ID="9.4"\n', "rpm")).toBe("Red Hat");
    expect(eco('ID="mageia"\nVERSION_ID="9"\n', "rpm")).toBe("Mageia:9");
    expect(eco("ID=photon\nVERSION_ID=5.0\n", "rpm")).toBe("Photon OS:5.0");
    expect(eco('ID=azurelinux\nVERSION_ID="3.0"\n', "rpm")).toBe("Azure Linux:3");
    expect(eco('ID="openEuler"\nVERSION="22.03 (LTS-SP1)"\nVERSION_ID="22.03"\n', "rpm")).toBe(
      "openEuler:22.03-LTS-SP1",
    );
    expect(eco('ID="sles"\nVERSION_ID="15.5"\nPRETTY_NAME="SUSE Linux Enterprise Server 15 SP5"\n', "rpm")).toBe(
      "SUSE:Linux Enterprise Server 15 SP5",
    );
    expect(eco('ID="opensuse-leap"\nVERSION_ID="15.5"\n', "rpm")).toBe("openSUSE:Leap 15.5");
    expect(eco('ID="opensuse-tumbleweed"\nVERSION_ID="20240601"\n', "rpm")).toBe("openSUSE:Tumbleweed");
  });

  it("falls back to the family default for unknown, missing or mismatched os-release", () => {
    expect(osEcosystemFor(undefined, "deb")).toBe("Debian");
    expect(osEcosystemFor(undefined, "apk")).toBe("Alpine");
    expect(osEcosystemFor(undefined, "rpm")).toBeUndefined();
    expect(eco("ID=linuxmint\nID_LIKE=ubuntu\n", "deb")).toBe("Debian");
    expect(eco("ID=fedora\nVERSION_ID=40\n", "rpm")).toBeUndefined();
    // An apk database on a Debian root is still Alpine-family.
    expect(eco(DEBIAN_12, "apk")).toBe("Alpine");
  });
});

describe("osReleaseFor", () => {
  const files = (m: Record<string, string>) => ({
    readFile: async (p: string) => (m[p] === undefined ? undefined : new TextEncoder().encode(m[p])),
  });

  it("uses the walker's os-release for the root and reads files for nested roots", async () => {
    const context = { osRelease: { ID: "debian" } };
    expect(await osReleaseFor({ ...files({}), context }, "")).toEqual({ ID: "debian" });
    const nested = files({ "/img/usr/lib/os-release": ALPINE_320 });
    expect((await osReleaseFor({ ...nested, context }, "img/"))?.ID).toBe("alpine");
    expect(await osReleaseFor({ ...files({}), context: {} }, "")).toBeUndefined();
  });
});
