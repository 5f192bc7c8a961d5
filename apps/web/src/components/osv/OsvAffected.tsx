import { Table } from "@trussworks/react-uswds";
import { TableRegion } from "../TableRegion.tsx";
import { DataList } from "./DataList.tsx";
import { below, Heading, type Level } from "./Heading.tsx";
import { intervalsOf, type OsvAffected, type OsvRange } from "./osv.ts";
import { SeverityVectors } from "./SeverityVectors.tsx";

// Longer version lists start collapsed: some records enumerate hundreds of versions.
const SHOWN_VERSIONS = 12;

/** A package's name as people read it: "PyPI: django". */
export function packageLabel(a: Pick<OsvAffected, "ecosystem" | "name" | "purl">): string {
  if (a.name !== undefined) return a.ecosystem === undefined ? a.name : `${a.ecosystem}: ${a.name}`;
  return a.purl ?? "Unnamed package";
}

/**
 * Every affected package of an OSV record: a heading per package (at `level`), its version ranges
 * as tables of introduced / fixed / last affected, its enumerated versions (collapsed when long)
 * and its ecosystem- and database-specific data as definition lists.
 */
export function OsvAffectedList({
  affected,
  level,
}: {
  readonly affected: readonly OsvAffected[];
  readonly level: Level;
}) {
  if (affected.length === 0) return <p>The record names no affected packages.</p>;
  return (
    <>
      {affected.map((a, i) => (
        // Two entries may name the same package (different ranges); the position tells them apart.
        // biome-ignore lint/suspicious/noArrayIndexKey: the record's order never changes
        <div key={i} className="console-osv-package">
          <Heading level={level}>{packageLabel(a)}</Heading>
          {a.purl !== undefined && (
            <p>
              Package URL: <code className="console-code">{a.purl}</code>
            </p>
          )}
          {a.severity.length > 0 && (
            <SeverityVectors severity={a.severity} caption={`Severity for ${packageLabel(a)}`} />
          )}
          {a.ranges.map((r, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the record's order never changes
            <RangeTable key={j} range={r} pkg={packageLabel(a)} n={a.ranges.length > 1 ? j + 1 : undefined} />
          ))}
          {a.ranges.length === 0 && a.versions.length === 0 && <p>No ranges or versions are given.</p>}
          <Versions versions={a.versions} pkg={packageLabel(a)} />
          {a.ecosystemSpecific !== undefined && (
            <>
              <Heading level={below(level)}>Ecosystem-specific data</Heading>
              <DataList data={a.ecosystemSpecific} />
            </>
          )}
          {a.databaseSpecific !== undefined && (
            <>
              <Heading level={below(level)}>Database-specific data for this package</Heading>
              <DataList data={a.databaseSpecific} />
            </>
          )}
        </div>
      ))}
    </>
  );
}

function RangeTable({ range, pkg, n }: { readonly range: OsvRange; readonly pkg: string; readonly n?: number }) {
  const rows = intervalsOf(range);
  const caption = `Affected ${range.type} range${n === undefined ? "" : ` ${n}`} of ${pkg}`;
  return (
    <TableRegion label={caption}>
      <Table caption={caption} bordered={false} compact fullWidth>
        <thead>
          <tr>
            <th scope="col">Introduced</th>
            <th scope="col">Fixed</th>
            <th scope="col">Last affected</th>
            <th scope="col">Limit</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={4}>The range has no events.</td>
            </tr>
          )}
          {rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the record's order never changes
            <tr key={i}>
              <td>
                <Version value={row.introduced} zero="every version" />
              </td>
              <td>
                <Version value={row.fixed} none="not fixed" />
              </td>
              <td>
                <Version value={row.lastAffected} />
              </td>
              <td>
                <Version value={row.limit} />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {range.repo !== undefined && (
        <p className="margin-top-0">
          Repository: <code className="console-code">{range.repo}</code>
        </p>
      )}
    </TableRegion>
  );
}

function Version({ value, zero, none }: { readonly value?: string; readonly zero?: string; readonly none?: string }) {
  if (value === undefined) return <span>{none ?? "—"}</span>;
  // OSV writes "introduced: 0" for "from the first version on".
  if (value === "0" && zero !== undefined) return <span>0 ({zero})</span>;
  return <code className="console-code console-break">{value}</code>;
}

function Versions({ versions, pkg }: { readonly versions: readonly string[]; readonly pkg: string }) {
  if (versions.length === 0) return null;
  const list = (items: readonly string[]) => (
    <ul className="console-versions" aria-label={`Affected versions of ${pkg}`}>
      {[...new Set(items)].map((v) => (
        <li key={v}>
          <code className="console-code">{v}</code>
        </li>
      ))}
    </ul>
  );
  if (versions.length <= SHOWN_VERSIONS) {
    return (
      <>
        <p className="margin-bottom-05">Affected versions ({versions.length}):</p>
        {list(versions)}
      </>
    );
  }
  return (
    <details className="console-details">
      <summary>Show all {versions.length} affected versions</summary>
      {list(versions)}
    </details>
  );
}
