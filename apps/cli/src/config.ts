import { homedir } from "node:os";
import { join } from "node:path";

/** Everything the CLI reads from the environment, read in one place. */
export interface CliConfig {
  /** Default advisory database path: BULWARK_DB, else $XDG_CACHE_HOME/bulwark/advisories.db, else ~/.cache/… */
  readonly dbPath: string;
  /** Base URL of osv.dev's per-ecosystem exports (BULWARK_OSV_BASE_URL). */
  readonly osvBaseUrl: string;
  /** URL of the CISA KEV JSON (BULWARK_KEV_URL). */
  readonly kevUrl: string;
  /** URL of the FIRST EPSS CSV (BULWARK_EPSS_URL). */
  readonly epssUrl: string;
  /** Colour is off when NO_COLOR is set (https://no-color.org). */
  readonly noColor: boolean;
}

/** Read the CLI configuration from an environment (defaults to process.env). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const cacheHome = env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache");
  return {
    dbPath: env.BULWARK_DB || join(cacheHome, "bulwark", "advisories.db"),
    osvBaseUrl: env.BULWARK_OSV_BASE_URL || "https://osv-vulnerabilities.storage.googleapis.com",
    kevUrl:
      env.BULWARK_KEV_URL || "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
    epssUrl: env.BULWARK_EPSS_URL || "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz",
    noColor: env.NO_COLOR !== undefined && env.NO_COLOR !== "",
  };
}
