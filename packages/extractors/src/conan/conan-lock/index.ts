import { baseName, noteOnly } from "../../shared/index.ts";
import { isJsonObject, readJsonObject } from "../../shared/json.ts";
import type { Extractor } from "../../types.ts";
import { readConan1 } from "./lockfile-v1.ts";
import { readConan2 } from "./lockfile-v2.ts";

/** C/C++ `conan.lock`: Conan 2 reference lists and Conan 1 dependency graphs. */
export const conanLockExtractor: Extractor = {
  name: "conan/conan-lock",
  description: "C/C++ conan.lock (Conan 2 lockfile 0.5 and Conan 1 graph lockfiles 0.1-0.4)",
  fileRequired(path) {
    return baseName(path) === "conan.lock";
  },
  async extract(input) {
    const raw = input.text();
    const read = readJsonObject(input, raw, "conan.lock");
    if (read.failed) return read.failed;
    const doc = read.doc;
    if (doc.graph_lock !== undefined) {
      if (!isJsonObject(doc.graph_lock)) {
        return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "`graph_lock` is not an object");
      }
      return readConan1(input, raw, doc.graph_lock);
    }
    const version = doc.version;
    if (typeof version === "string" && version.startsWith("0.5")) return readConan2(input, raw, doc);
    return noteOnly(
      input,
      "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
      `conan.lock version ${JSON.stringify(version ?? null)} without a graph_lock is not a known Conan lockfile`,
    );
  },
};
