import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, AlertHeading, AlertText, Button } from "@trussworks/react-uswds";
import { type DragEvent, useRef, useState } from "react";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { ALERTS_KEY } from "../alerts/alert-queries.ts";
import { assetKeys } from "./asset-queries.ts";
import { DiffLists } from "./DiffLists.tsx";
import { type UploadResult, uploadInventory } from "./upload.ts";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function UploadSummary({ result }: { readonly result: UploadResult }) {
  const { inventory, alerts, warnings, diff } = result;
  return (
    <Alert type="success" role="status">
      <AlertHeading level="h3">Inventory uploaded</AlertHeading>
      <AlertText>
        Upload {inventory.seq} ({inventory.format}) with {plural(inventory.componentCount, "component")} is now the
        current inventory. {plural(alerts.opened, "alert")} opened, {alerts.updated} updated, {alerts.reopened}{" "}
        reopened, {alerts.remediated} remediated, {alerts.closed} closed.
      </AlertText>
      {warnings.length > 0 && (
        <>
          <AlertText>{plural(warnings.length, "warning")} while reading the file:</AlertText>
          <ul>
            {warnings.slice(0, 20).map((w) => (
              <li key={`${w.code}-${w.line ?? ""}-${w.message}`}>
                {w.message}
                {w.line !== undefined && ` (line ${w.line})`} <span className="console-code">({w.code})</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <DiffLists diff={diff} />
    </Alert>
  );
}

/**
 * Upload an inventory: a labelled file input (keyboard and screen readers) inside a zone that also
 * takes a dropped file; choosing or dropping a file uploads it at once. The bytes go to the server as
 * they are; the result or the refusal (with its code and problems) shows here.
 */
export function InventoryUpload({ assetId }: { readonly assetId: string }) {
  const queries = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File>();
  const [over, setOver] = useState(false);
  const upload = useMutation({
    mutationFn: (f: File) => uploadInventory(assetId, f),
    onSuccess: async () => {
      if (input.current !== null) input.current.value = "";
      await Promise.all([
        queries.invalidateQueries({ queryKey: assetKeys.all }),
        queries.invalidateQueries({ queryKey: ALERTS_KEY }),
      ]);
    },
  });

  function start(chosen: File) {
    setFile(chosen);
    upload.mutate(chosen);
  }

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped !== undefined) start(dropped);
  }

  return (
    // Not a named region: the file input must be the first thing labelled "upload" (e2e finds it by label).
    <section>
      <h2 id="upload-heading">Upload an inventory</h2>
      <p>
        A CycloneDX (JSON or XML) or SPDX (JSON or tag-value) SBOM, a lockfile such as <code>package-lock.json</code> or{" "}
        <code>poetry.lock</code>, or Bulwark's own JSON. It becomes the current inventory and is matched at once.
      </p>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse only; the file input inside is the keyboard path */}
      <div
        className={`console-dropzone${over ? " is-over" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <label className="usa-label margin-top-0" htmlFor="inventory-file">
          Choose an inventory file, or drop it here
        </label>
        <input
          ref={input}
          id="inventory-file"
          name="inventory"
          type="file"
          className="console-file-input"
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            if (chosen !== undefined) start(chosen);
          }}
        />
        {upload.isPending && file !== undefined && (
          <p className="margin-bottom-0" role="status">
            Uploading and matching <span className="console-code">{file.name}</span> (
            {file.size.toLocaleString("en-GB")} bytes)…
          </p>
        )}
      </div>
      {upload.isError && file !== undefined && (
        <Button type="button" className="margin-top-1" outline onClick={() => upload.mutate(file)}>
          Try the upload again
        </Button>
      )}
      <div aria-live="polite">
        {upload.isError && <ErrorAlert error={upload.error} heading="The inventory was not accepted" />}
        {upload.isSuccess && <UploadSummary result={upload.data} />}
      </div>
    </section>
  );
}
