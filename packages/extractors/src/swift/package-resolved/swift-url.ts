/**
 * The SwiftURL package name OSV uses for a SwiftPM repository URL: host and path without scheme,
 * user, `.git` or trailing slash (`https://github.com/apple/swift-nio.git` ->
 * `github.com/apple/swift-nio`). scp-style `git@host:owner/repo.git` becomes `host/owner/repo`.
 * Case is kept; OSV matching folds it. Undefined for anything that is not a remote URL.
 */
export function swiftUrlName(location: string): string | undefined {
  let rest = location.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(rest);
  if (scheme) {
    if (/^file:/i.test(rest)) return undefined;
    rest = rest.slice(scheme[0].length);
  } else {
    const scp = /^[^/@\s]+@([^/:\s]+):(.+)$/.exec(rest);
    if (!scp) return undefined;
    rest = `${scp[1]}/${scp[2]}`;
  }
  rest = rest.replace(/^[^/@]*@/, "");
  rest = rest
    .replace(/\/+$/, "")
    .replace(/\.git$/i, "")
    .replace(/\/+$/, "");
  const slash = rest.indexOf("/");
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  // A port belongs to the transport, not to the package's name.
  const host = rest.slice(0, slash).replace(/:\d+$/, "");
  return `${host}${rest.slice(slash)}`;
}
