// The one place that touches the calculator library, so swapping it stays a one-file change.
import * as namespace from "ae-cvss-calculator";

// The package is a CommonJS bundle flagged `__esModule`: Node's ESM loader exposes its classes
// only under `default`, while esbuild and tsx interop expose them by name.
const calculator: typeof namespace =
  "Cvss3P1" in namespace ? namespace : (namespace as unknown as { default: typeof namespace }).default;

/** The version strings Bulwark reports. */
export type CvssVersion = "2.0" | "3.0" | "3.1" | "4.0";

/** What the library computed for one vector, before Bulwark picks its summary score. */
export interface LibraryScores {
  base: number;
  /** v2/v3 temporal; v4 CVSS-BT (base + threat), only when threat metrics are set. */
  temporal?: number;
  /** v2/v3 environmental; v4 CVSS-BE (base + environmental), only when such metrics are set. */
  environmental?: number;
  /** v4 only: the score of the whole vector (CVSS-BTE). */
  overall: number;
}

/** A metric and its allowed values, as the library registers them (in the specification's order). */
export interface LibraryMetric {
  key: string;
  group: string;
  values: readonly string[];
}

type Instance = InstanceType<typeof calculator.Cvss3P1> | InstanceType<typeof calculator.Cvss4P0>;

function instance(version: CvssVersion, vector?: string): Instance {
  switch (version) {
    case "2.0":
      return new calculator.Cvss2(vector) as unknown as Instance;
    case "3.0":
      return new calculator.Cvss3P0(vector) as unknown as Instance;
    case "3.1":
      return new calculator.Cvss3P1(vector);
    case "4.0":
      return new calculator.Cvss4P0(vector);
  }
}

const metricCache = new Map<CvssVersion, readonly LibraryMetric[]>();

/** Every metric the library knows for `version`, in the specification's order. */
export function libraryMetrics(version: CvssVersion): readonly LibraryMetric[] {
  const cached = metricCache.get(version);
  if (cached !== undefined) return cached;
  const metrics: LibraryMetric[] = [];
  for (const [group, components] of instance(version).getRegisteredComponents()) {
    for (const c of components) {
      metrics.push({ key: c.shortName, group: group.name, values: c.values.map((v) => v.shortName) });
    }
  }
  metricCache.set(version, metrics);
  return metrics;
}

/**
 * Scores a vector the caller has already validated (see parse.ts): the library is lenient
 * (it scores half-filled vectors as 0 and logs for some invalid ones), so it never sees raw input.
 */
export function libraryScores(version: CvssVersion, vector: string): LibraryScores {
  const v = instance(version, vector);
  if (version === "4.0") {
    const s = (v as InstanceType<typeof calculator.Cvss4P0>).calculateScores();
    return {
      base: plusZero(s.baseMetricsOnly ?? s.overall),
      temporal: plusZero(s.threat),
      environmental: plusZero(s.environmental),
      overall: plusZero(s.overall),
    };
  }
  const s = (v as InstanceType<typeof calculator.Cvss3P1>).calculateScores();
  return {
    base: plusZero(s.base ?? 0),
    temporal: plusZero(s.temporal),
    environmental: plusZero(s.environmental),
    overall: plusZero(s.overall),
  };
}

// The v2 formula yields -0 for a vector without impact; report it as 0.
function plusZero<T extends number | undefined>(n: T): T {
  return (n === undefined ? n : n + 0) as T;
}
