/**
 * The Go release a `go` or `toolchain` directive names, spelled the way OSV's Go records
 * spell the `stdlib` module: `1.22.3`, `1.21.0` for `go 1.21`, `1.21.0-rc.2` for `1.21rc2`.
 * Returns undefined for `toolchain default` and anything that is not a Go version.
 */
export function osvGoVersion(raw: string): string | undefined {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?/.exec(raw.trim());
  if (m === null) return undefined;
  // golang/vulndb records every release with three numbers ("1.20.0") and pre-releases as "-rc.N".
  const release = `${m[1]}.${m[2]}.${m[3] ?? "0"}`;
  return m[4] === undefined ? release : `${release}-${m[4]}.${m[5]}`;
}
