// Test-only: reads the expected-score files of ../shared/data/cvss (formats in its README.md).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CvssVersion } from "./types.ts";

/** One vector with the scores an upstream calculator gave it. */
export interface OracleCase {
  file: string;
  line: number;
  version: CvssVersion;
  vector: string;
  /** v2/v3: base score. v4: the score of the whole vector. */
  base: number;
  /** v2/v3 only; `null` where the file says `None`. */
  temporal?: number | null;
  /** v2/v3 only; `null` where the file says `None`. */
  environmental?: number | null;
  /** FIRST macro set only: the rating, e.g. "Critical". */
  severity?: string;
}

/** The oracle files, relative to a `cvss/` folder, with the version their vectors have. */
export const ORACLE_FILES: readonly { file: string; version: CvssVersion }[] = [
  { file: "v2.0/vectors_simple2", version: "2.0" },
  { file: "v2.0/vectors_calculator2", version: "2.0" },
  { file: "v2.0/vectors_cvsslib2", version: "2.0" },
  { file: "v3.0/vectors_simple3", version: "3.0" },
  { file: "v3.0/vectors_calculator3", version: "3.0" },
  { file: "v3.0/vectors_cvsslib3", version: "3.0" },
  { file: "v3.1/vectors_simple31", version: "3.1" },
  { file: "v4.0/vectors_simple4", version: "4.0" },
  { file: "v4.0/vectors_supplemental4", version: "4.0" },
  { file: "v4.0/vectors_security4", version: "4.0" },
  { file: "v4.0/vectors_threat4", version: "4.0" },
  { file: "v4.0/first-cvss-sig/macro-vectors", version: "4.0" },
];

const lines = (path: string): string[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
// `-0.0` (a Python artefact in vectors_simple2) must compare equal to 0.
const num = (s: string): number | null => (s === "None" ? null : Number(s) + 0);

function readTupleFile(path: string, file: string, version: CvssVersion): OracleCase[] {
  return lines(path).map((text, i) => {
    const [vector = "", expected = ""] = text.split(" - ");
    const values = expected
      .replace(/[()]/g, "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "")
      .map(num);
    const c: OracleCase = { file, line: i + 1, version, vector, base: values[0] ?? Number.NaN };
    if (values.length > 1) c.temporal = values[1];
    if (values.length > 2) c.environmental = values[2];
    return c;
  });
}

function readMacroFiles(dir: string, file: string): OracleCase[] {
  const vectors = lines(join(dir, file));
  const scores = lines(join(dir, file.replace(/macro-vectors$/, "macro-scores")));
  return vectors.map((vector, i) => {
    const m = /'vector': '([^']+)', 'score': ([\d.]+), 'severity': '(\w+)'/.exec(scores[i] ?? "");
    if (m === null || m[1] !== vector) throw new Error(`${file}: line ${i + 1} of macro-scores does not match`);
    return { file, line: i + 1, version: "4.0" as const, vector, base: Number(m[2]), severity: m[3] };
  });
}

/** Every case of every oracle file present under `dir` (a `cvss/` folder). */
export function readOracle(dir: string): OracleCase[] {
  const out: OracleCase[] = [];
  for (const { file, version } of ORACLE_FILES) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    if (file.endsWith("macro-vectors")) out.push(...readMacroFiles(dir, file));
    else if (version === "4.0" && !file.endsWith("simple4")) {
      for (const [i, text] of lines(path).entries()) {
        const [vector = "", score = ""] = text.split(" - ");
        out.push({ file, line: i + 1, version, vector, base: Number(score) });
      }
    } else out.push(...readTupleFile(path, file, version));
  }
  return out;
}
