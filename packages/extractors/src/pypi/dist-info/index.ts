import { baseName, dirName, makePackage, noteOnly } from "../../shared/index.ts";
import type { Extractor, ExtractResult } from "../../types.ts";
import { readHeaders } from "./headers.ts";

function isMetadataFile(path: string): boolean {
  const name = baseName(path);
  if (name === "METADATA") return dirName(path).endsWith(".dist-info");
  if (name === "PKG-INFO") return dirName(path).endsWith(".egg-info");
  // distutils wrote the metadata of a plain `setup.py install` as a single `<name>-<version>.egg-info` file.
  return name.endsWith(".egg-info");
}

/** Reads installed Python distributions: `*.dist-info/METADATA` and `*.egg-info` (`PKG-INFO` or a single file). */
export const distInfoExtractor: Extractor = {
  name: "pypi/dist-info",
  description: "Installed Python packages (site-packages *.dist-info/METADATA, *.egg-info/PKG-INFO)",
  fileRequired: isMetadataFile,
  async extract(input): Promise<ExtractResult> {
    const headers = readHeaders(input.text());
    const name = headers.get("name");
    const version = headers.get("version");
    if (name === undefined || name.value === "" || version === undefined || version.value === "") {
      return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "core metadata lacks a Name or Version header");
    }
    return {
      packages: [
        makePackage({
          ecosystem: "PyPI",
          name: name.value,
          version: version.value,
          locations: [{ path: input.path, line: name.line }],
        }),
      ],
      notes: [],
    };
  },
};
