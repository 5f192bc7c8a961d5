import type { Schemas } from "@bulwark/api-contract";
import { Alert, AlertText, Button } from "@trussworks/react-uswds";
import { useState } from "react";
import { formatDate } from "../../components/format.ts";
import { type VerifyResult, verifyArtifact } from "./verify-artifact.ts";

type Artifact = Schemas["BulletinArtifact"];

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function Verdict({ result }: { readonly result: VerifyResult }) {
  if (result.ok) {
    return (
      <Alert type="success" slim>
        <AlertText>
          Signature valid — signed by the clearinghouse key <span className="console-code">{result.keyId}</span>.
          SHA-256 <span className="console-code console-break">{result.sha256}</span>.
        </AlertText>
      </Alert>
    );
  }
  if (result.reason === "unsupported") {
    return (
      <Alert type="warning" slim>
        <AlertText>
          Cannot check here: {result.message}. Download the file and its signature and run{" "}
          <code>bulwark verify &lt;file&gt; &lt;file&gt;.sig --server {window.location.origin}</code>.
        </AlertText>
      </Alert>
    );
  }
  return (
    <Alert type="error" slim>
      <AlertText>Signature check failed: {result.message}. Do not install this file.</AlertText>
    </Alert>
  );
}

function ArtifactItem({ artifact }: { readonly artifact: Artifact }) {
  const [result, setResult] = useState<VerifyResult>();
  const [busy, setBusy] = useState(false);
  async function verify() {
    setBusy(true);
    setResult(undefined);
    try {
      setResult(await verifyArtifact(artifact));
    } finally {
      setBusy(false);
    }
  }
  return (
    <li className="console-artifact">
      <p className="margin-0 text-bold console-break">{artifact.filename}</p>
      <p className="margin-0 font-body-2xs">
        {formatSize(artifact.size)} · {artifact.mediaType} · added {formatDate(artifact.createdAt)} · SHA-256{" "}
        <span className="console-code console-break">{artifact.sha256}</span>
      </p>
      <div className="console-page-actions margin-y-1">
        <a className="usa-button usa-button--outline" href={artifact.url} download={artifact.filename}>
          Download<span className="usa-sr-only"> {artifact.filename}</span>
        </a>
        <a
          className="usa-button usa-button--unstyled"
          href={artifact.signatureUrl}
          download={`${artifact.filename}.sig`}
        >
          Signature file<span className="usa-sr-only"> of {artifact.filename}</span>
        </a>
        <Button type="button" disabled={busy} onClick={() => void verify()}>
          {busy ? "Verifying…" : "Verify signature"}
          <span className="usa-sr-only"> of {artifact.filename}</span>
        </Button>
      </div>
      <div role="status" aria-live="polite">
        {result !== undefined && <Verdict result={result} />}
      </div>
    </li>
  );
}

/** A bulletin's patch artifacts: download each, or check its signature here in the browser. */
export function ArtifactList({ artifacts }: { readonly artifacts: readonly Artifact[] }) {
  if (artifacts.length === 0) return <p>No patch files are attached to this bulletin.</p>;
  return (
    <ul className="usa-list usa-list--unstyled">
      {artifacts.map((a) => (
        <ArtifactItem key={a.id} artifact={a} />
      ))}
    </ul>
  );
}
