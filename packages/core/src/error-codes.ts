/**
 * The registry of every stable error code Bulwark emits.
 *
 * Codes are `BULWARK_<AREA>_<WHAT>`; once published a code never changes meaning.
 * `docs/errors.md` is generated from this table and a test keeps the two in sync.
 */

/** Process exit codes used by the CLI, documented in docs/errors.md. */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** The command ran and its policy failed (for example: vulnerabilities found). */
  policy: 1,
  /** Bad usage or bad input: fix the command line or the file. */
  usage: 2,
  /** An input failed: a missing or unreadable file, a malformed archive, image or feed, the database. */
  io: 3,
  /** A remote resource failed: network, HTTP, a server's answer. */
  network: 4,
  /** A bug in Bulwark. */
  internal: 70,
} as const;

/** A process exit code from {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What the registry knows about one error code. */
export interface ErrorCodeInfo {
  /** One line saying what went wrong. */
  readonly summary: string;
  /** What the user can do about it. */
  readonly hint: string;
  /** Exit code of the CLI when this error ends a command. */
  readonly exit: ExitCode;
  /** HTTP status of the server's answer when a request fails with this error (default 500). */
  readonly http?: number;
}

/** Every error code, with its summary, default hint and exit code. */
export const ERROR_CODES = {
  BULWARK_CLI_USAGE: {
    summary: "The command line is not valid.",
    hint: "Run the command with --help to see its arguments and options.",
    exit: EXIT.usage,
  },
  BULWARK_INTERNAL_UNEXPECTED: {
    summary: "An unexpected internal error occurred.",
    hint: "Re-run with --debug to see the stack trace and report it as a bug.",
    exit: EXIT.internal,
  },
  BULWARK_VERSION_INVALID: {
    summary: "A version string cannot be parsed by the ecosystem's version scheme.",
    hint: "Check the version against the ecosystem's own rules (for example PEP 440 for PyPI).",
    exit: EXIT.usage,
  },
  BULWARK_ECOSYSTEM_UNKNOWN: {
    summary: "The ecosystem name is not a known OSV ecosystem, or has no version scheme.",
    hint: "Use an OSV ecosystem name such as npm, PyPI, Go, Maven or Debian:12; `bulwark versions ecosystems` lists them.",
    exit: EXIT.usage,
  },
  BULWARK_PURL_INVALID: {
    summary: "A package URL (purl) cannot be parsed or maps to no OSV ecosystem.",
    hint: "A purl looks like pkg:npm/lodash@4.17.21; see https://github.com/package-url/purl-spec.",
    exit: EXIT.usage,
  },
  BULWARK_INPUT_NOT_FOUND: {
    summary: "An input path does not exist or cannot be read.",
    hint: "Check the path and its permissions.",
    exit: EXIT.io,
  },
  BULWARK_INPUT_TOO_LARGE: {
    summary: "An input is larger than the configured limit.",
    hint: "Split the input or raise the limit if you trust the source.",
    exit: EXIT.io,
  },
  BULWARK_INPUT_FORMAT_UNKNOWN: {
    summary: "An input file's format cannot be recognised.",
    hint: "Pass an osv.dev all.zip export, a directory of OSV JSON files, an OSV JSON file, the CISA KEV JSON, or a FIRST EPSS CSV (optionally .gz).",
    exit: EXIT.io,
  },
  BULWARK_ZIP_INVALID: {
    summary: "A zip archive is malformed or unsafe (corrupt, path traversal, or an implausible compression ratio).",
    hint: "Re-download the archive; Bulwark refuses archives that could be decompression bombs.",
    exit: EXIT.io,
  },
  BULWARK_OSV_RECORD_INVALID: {
    summary: "An OSV record is not valid JSON or lacks required fields.",
    hint: "Validate the record against the OSV schema (https://ossf.github.io/osv-schema/).",
    exit: EXIT.usage,
  },
  BULWARK_KEV_INVALID: {
    summary: "A CISA KEV catalog file does not have the expected shape.",
    hint: "Use known_exploited_vulnerabilities.json as published by CISA.",
    exit: EXIT.io,
  },
  BULWARK_EPSS_INVALID: {
    summary: "An EPSS file does not have the FIRST CSV shape (cve,epss,percentile).",
    hint: "Use epss_scores-YYYY-MM-DD.csv(.gz) as published by FIRST.",
    exit: EXIT.io,
  },
  BULWARK_DB_OPEN_FAILED: {
    summary: "The advisory database cannot be opened.",
    hint: "Check the --db path (or BULWARK_DB) and that the directory is writable; delete a corrupt file and re-run `bulwark db update`.",
    exit: EXIT.io,
  },
  BULWARK_DB_SCHEMA_NEWER: {
    summary: "The advisory database was written by a newer Bulwark.",
    hint: "Upgrade Bulwark, or point --db at a new file.",
    exit: EXIT.io,
  },
  BULWARK_DB_EMPTY: {
    summary: "The advisory database holds no advisories.",
    hint: "Run `bulwark db update` (online) or `bulwark db import <all.zip>` (offline) first.",
    exit: EXIT.io,
  },
  BULWARK_DB_WRITE_FAILED: {
    summary: "Writing to the advisory database failed; the previous contents are unchanged.",
    hint: "Check free disk space and permissions, then re-run the command.",
    exit: EXIT.io,
  },
  BULWARK_EXTRACT_PARSE_FAILED: {
    summary: "A lockfile, manifest, SBOM or package database is malformed and was skipped.",
    hint: "The note names the file and the reason; fix or regenerate the file (for example with the package manager's install command).",
    exit: EXIT.usage,
  },
  BULWARK_EXTRACT_FORMAT_UNSUPPORTED: {
    summary: "A file is in a version or variant of its format that Bulwark does not read.",
    hint: "Regenerate the file with a current version of its tool, or report the format version as a feature request.",
    exit: EXIT.usage,
  },
  BULWARK_EXTRACT_UNPINNED: {
    summary: "A dependency is declared without an exact version, so it was not inventoried.",
    hint: "Pin it (for example `name==1.2.3`) or scan the lockfile or installed environment instead of the manifest.",
    exit: EXIT.usage,
  },
  BULWARK_EXTRACT_REFERENCE_MISSING: {
    summary: "A file refers to another file (an include, a parent POM) that cannot be found.",
    hint: "Scan the whole project directory so that referenced files are present, or fix the reference.",
    exit: EXIT.usage,
  },
  BULWARK_EXTRACT_FILE_TOO_LARGE: {
    summary: "A file is larger than the extractor's limit and was skipped.",
    hint: "Raise --max-file-size if you trust the source.",
    exit: EXIT.usage,
  },
  BULWARK_WALK_UNREADABLE: {
    summary: "A file or directory could not be read while walking the input.",
    hint: "Check permissions; the rest of the input was still scanned.",
    exit: EXIT.io,
  },
  BULWARK_WALK_LINK_ESCAPE: {
    summary: "A symbolic link points outside the scanned root and was not followed.",
    hint: "Scan the link's target directly if it should be included.",
    exit: EXIT.usage,
  },
  BULWARK_ARCHIVE_UNSAFE: {
    summary: "An archive entry is unsafe (path traversal, a link escaping the root, a device file) and was refused.",
    hint: "The archive may be malicious; inspect where it came from.",
    exit: EXIT.io,
  },
  BULWARK_ARCHIVE_LIMIT: {
    summary: "An archive exceeds a safety limit (total size, file count, or compression ratio).",
    hint: "Raise the limit with --max-image-size / --max-files if you trust the archive.",
    exit: EXIT.io,
  },
  BULWARK_ARCHIVE_INVALID: {
    summary: "An archive (tar, gzip) is corrupt or truncated.",
    hint: "Re-create the archive (for example `docker save -o image.tar <image>`).",
    exit: EXIT.io,
  },
  BULWARK_IMAGE_INVALID: {
    summary: "A container image is not a valid docker-archive or OCI image layout.",
    hint: "Pass a `docker save` tarball, an OCI layout directory, or a tar of one (see docs/container-images.md).",
    exit: EXIT.io,
  },
  BULWARK_SBOM_INVALID: {
    summary: "A generated SBOM failed validation against its schema (a bug in Bulwark).",
    hint: "Re-run with --debug and report the message as a bug.",
    exit: EXIT.internal,
  },
  BULWARK_CONFIG_INVALID: {
    summary: "A configuration file (bulwark.yaml) is malformed or has a wrong value.",
    hint: "The message names the file, the field and what was expected; see docs/configuration.md.",
    exit: EXIT.usage,
  },
  BULWARK_VEX_INVALID: {
    summary: "A VEX document (OpenVEX, CycloneDX VEX or CSAF VEX) is malformed or of an unknown kind.",
    hint: "Check the document against its schema; Bulwark reads OpenVEX 0.2, CycloneDX 1.4–1.6 VEX and CSAF 2.0 VEX.",
    exit: EXIT.usage,
  },
  BULWARK_CVSS_INVALID: {
    summary: "A CVSS vector cannot be parsed.",
    hint: "A vector looks like CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H; see first.org/cvss.",
    exit: EXIT.usage,
  },
  BULWARK_OUTPUT_WRITE_FAILED: {
    summary: "The output file could not be written; nothing was left half-written.",
    hint: "Check that the output directory exists and is writable, and that the disk has space.",
    exit: EXIT.io,
  },
  BULWARK_POLICY_NOTES: {
    summary: "--strict was given and some inputs produced notes.",
    hint: "Read the notes on stderr; fix the files or drop --strict.",
    exit: EXIT.io,
  },
  BULWARK_NET_HTTP_STATUS: {
    summary: "A download answered with an unexpected HTTP status.",
    hint: "Check the source URL (--osv-base-url, --kev-url, --epss-url or their BULWARK_* variables) and try again later.",
    exit: EXIT.network,
  },
  BULWARK_NET_UNREACHABLE: {
    summary: "A download failed because the server could not be reached.",
    hint: "Check your network or proxy, or use `bulwark db import` with files fetched another way.",
    exit: EXIT.network,
  },
  BULWARK_NET_BAD_CONTENT: {
    summary: "A download did not contain what was expected (size, type or checksum).",
    hint: "The mirror may be broken or intercepted; try again or use another base URL.",
    exit: EXIT.network,
  },
  BULWARK_NET_TIMEOUT: {
    summary: "A download took too long or stalled, even after retries.",
    hint: "The server is slow or the connection stalls; try again later, or mirror the files (see docs/db-update.md).",
    exit: EXIT.network,
  },
  BULWARK_REQUEST_INVALID: {
    summary: "A request's body, parameters or query does not match what the endpoint accepts.",
    hint: "The details name each problem by its JSON pointer; the endpoint's schema is in /openapi.json.",
    exit: EXIT.usage,
    http: 400,
  },
  BULWARK_AUTH_REQUIRED: {
    summary: "The request needs a signed-in session or an API token.",
    hint: "Sign in, or send `Authorization: Bearer <token>` (create tokens with `bulwark tokens create`).",
    exit: EXIT.usage,
    http: 401,
  },
  BULWARK_AUTH_FAILED: {
    summary: "The credentials were not accepted (wrong password, or an unknown, expired or revoked token).",
    hint: "Check the e-mail and password or the token; tokens are shown once when created, so create a new one if it is lost.",
    exit: EXIT.usage,
    http: 401,
  },
  BULWARK_AUTH_LOCKED: {
    summary: "The account is locked for a while after repeated failed sign-ins.",
    hint: "Wait until the time in the message, or ask an administrator to unlock the account.",
    exit: EXIT.usage,
    http: 423,
  },
  BULWARK_AUTH_FORBIDDEN: {
    summary: "The signed-in user or token may not do this.",
    hint: "Ask an owner or admin of the organisation for the role or token scope the action needs.",
    exit: EXIT.usage,
    http: 403,
  },
  BULWARK_OBJECT_NOT_FOUND: {
    summary: "There is no such object, or it is not visible to you.",
    hint: "Check the id; objects you may not see are reported as missing, not as forbidden.",
    exit: EXIT.usage,
    http: 404,
  },
  BULWARK_OBJECT_CONFLICT: {
    summary: "The object already exists, or changed since it was read.",
    hint: "Use another name, or read the object again (its ETag) and retry.",
    exit: EXIT.usage,
    http: 409,
  },
  BULWARK_REQUEST_TOO_LARGE: {
    summary: "A request's body is larger than the endpoint accepts.",
    hint: "The message names the limit; split the upload (one inventory per asset) or trim the file.",
    exit: EXIT.usage,
    http: 413,
  },
  BULWARK_INVENTORY_INVALID: {
    summary: "An uploaded inventory is in no format Bulwark reads, or its file is malformed; it was not stored.",
    hint: "The details list each problem; upload a CycloneDX (JSON/XML), SPDX (JSON/tag-value), a lockfile the extractors read (with ?filename= naming it as its tool does), or Bulwark's native inventory JSON. The asset's current inventory is unchanged.",
    exit: EXIT.usage,
    http: 422,
  },
  BULWARK_REQUEST_RATE_LIMITED: {
    summary: "Too many requests of this kind in a short time.",
    hint: "Wait for the number of seconds in the Retry-After header, then try again.",
    exit: EXIT.network,
    http: 429,
  },
  BULWARK_SERVER_LISTEN_FAILED: {
    summary: "The server cannot listen on the configured address and port.",
    hint: "Another process may hold the port (EADDRINUSE), or the address is not on this machine; choose another --port or --host (BULWARK_PORT, BULWARK_HOST).",
    exit: EXIT.io,
  },
  BULWARK_DEMO_UNAVAILABLE: {
    summary:
      "The demo cannot be loaded: the bundled fixtures folder (advisories and demo SBOMs) is missing or incomplete.",
    hint: "Run the server from a Bulwark checkout or release that has fixtures/, or point BULWARK_FIXTURES_DIR at that folder (see docs/configuration.md).",
    exit: EXIT.io,
    http: 503,
  },
  BULWARK_AUDIT_BROKEN: {
    summary: "The audit log's hash chain is broken: an entry was edited, deleted or reordered.",
    hint: "The message names the first bad entry; restore the database from a backup and investigate who had write access.",
    exit: EXIT.policy,
  },
  BULWARK_SIGNATURE_INVALID: {
    summary: "A file does not match its signature: the file or the signature was changed, or another key signed it.",
    hint: "Download the file and its .sig again from the clearinghouse, and check the key with --server or --key; never install a file that fails this check.",
    exit: EXIT.policy,
  },
  BULWARK_SIGNING_KEY_UNREADABLE: {
    summary: "The server's signing key cannot be decrypted with the configured master key.",
    hint: "Set BULWARK_MASTER_KEY (or <data-dir>/master.key) to the master key the signing key was created with; every node must share it.",
    exit: EXIT.io,
  },
  BULWARK_BLOB_CORRUPT: {
    summary: "A stored file no longer has the SHA-256 it was stored under: the blob store was changed or damaged.",
    hint: "Restore the file under <data-dir>/blobs from a backup, or upload it again; investigate who had write access.",
    exit: EXIT.io,
  },
} as const satisfies Record<string, ErrorCodeInfo>;

/** A stable error code: a key of {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;
