import { Label, Select, TextInput } from "@trussworks/react-uswds";
import { ASSET_KINDS, CRITICALITIES } from "./asset-words.ts";

/** The asset list's filters as the URL holds them; "" means "any". */
export interface AssetFilterValues {
  readonly q: string;
  readonly kind: string;
  readonly environment: string;
  readonly criticality: string;
  /** "yes", "no" or "". */
  readonly exposed: string;
}

/** Read the filters from the URL's search parameters. */
export function readAssetFilters(params: URLSearchParams): AssetFilterValues {
  return {
    q: params.get("q") ?? "",
    kind: params.get("kind") ?? "",
    environment: params.get("environment") ?? "",
    criticality: params.get("criticality") ?? "",
    exposed: params.get("exposed") ?? "",
  };
}

/** The filters as search parameters, leaving out the empty ones. */
export function writeAssetFilters(values: AssetFilterValues): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== "") params.set(k, v);
  return params;
}

/** Search and filters of the asset list; every change applies at once (the list is filtered in the page). */
export function AssetFilters({
  values,
  environments,
  onChange,
}: {
  readonly values: AssetFilterValues;
  readonly environments: readonly string[];
  readonly onChange: (next: AssetFilterValues) => void;
}) {
  const select = (name: keyof AssetFilterValues, label: string, options: readonly [string, string][], any: string) => (
    <div>
      <Label htmlFor={`asset-${name}`}>{label}</Label>
      <Select
        id={`asset-${name}`}
        name={name}
        value={values[name]}
        onChange={(e) => onChange({ ...values, [name]: e.target.value })}
      >
        <option value="">{any}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </Select>
    </div>
  );
  return (
    <form className="console-filters" aria-label="Filter assets" onSubmit={(e) => e.preventDefault()}>
      <div>
        <Label htmlFor="asset-q">Search names and tags</Label>
        <TextInput
          id="asset-q"
          name="q"
          type="text"
          value={values.q}
          onChange={(e) => onChange({ ...values, q: e.target.value })}
        />
      </div>
      {select("kind", "Kind", Object.entries(ASSET_KINDS), "Any kind")}
      {select(
        "environment",
        "Environment",
        environments.map((e) => [e, e]),
        "Any environment",
      )}
      {select("criticality", "Criticality", Object.entries(CRITICALITIES), "Any criticality")}
      {select(
        "exposed",
        "Internet exposure",
        [
          ["yes", "Exposed to the internet"],
          ["no", "Not exposed"],
        ],
        "Exposed or not",
      )}
    </form>
  );
}

/** Whether an asset passes the filters; the search matches name, tags, owner and environment, ignoring case. */
export function matchesAsset(
  a: {
    name: string;
    kind: string;
    environment?: string;
    criticality: string;
    exposed: boolean;
    tags: string[];
    owner?: string;
  },
  f: AssetFilterValues,
): boolean {
  const q = f.q.trim().toLowerCase();
  if (q !== "") {
    const text = [a.name, a.owner ?? "", a.environment ?? "", ...a.tags].join("\n").toLowerCase();
    if (!text.includes(q)) return false;
  }
  if (f.kind !== "" && a.kind !== f.kind) return false;
  if (f.environment !== "" && a.environment !== f.environment) return false;
  if (f.criticality !== "" && a.criticality !== f.criticality) return false;
  if (f.exposed !== "" && a.exposed !== (f.exposed === "yes")) return false;
  return true;
}
