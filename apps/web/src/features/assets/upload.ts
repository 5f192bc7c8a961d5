import { ApiError, type paths } from "@bulwark/api-contract";
import { csrfHeaders } from "../../api.ts";

/** What an inventory upload answers (201): the stored inventory, its diff, what it did to alerts, reader warnings. */
export type UploadResult =
  paths["/api/v1/assets/{id}/inventories"]["post"]["responses"][201]["content"]["application/json"];

/**
 * Upload an inventory file's bytes as they are (the typed client sends JSON bodies only); the file
 * name lets the server pick the reader. A refusal becomes an {@link ApiError} with the server's
 * code and its listed problems.
 */
export async function uploadInventory(assetId: string, file: File): Promise<UploadResult> {
  const url = `/api/v1/assets/${encodeURIComponent(assetId)}/inventories?filename=${encodeURIComponent(file.name)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      body: file,
      headers: { ...csrfHeaders(), "content-type": "application/octet-stream" },
      credentials: "same-origin",
    });
  } catch (e) {
    throw new ApiError("BULWARK_NETWORK", `the server could not be reached (${(e as Error).message})`, 0);
  }
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!response.ok) {
    if (typeof body?.code === "string") {
      throw new ApiError(
        body.code,
        typeof body.message === "string" ? body.message : `the server answered ${response.status}`,
        response.status,
        body.details as Record<string, unknown> | undefined,
      );
    }
    throw new ApiError(`BULWARK_HTTP_${response.status}`, `the server answered ${response.status}`, response.status);
  }
  return body as unknown as UploadResult;
}
