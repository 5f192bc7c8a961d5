import { unwrap } from "@bulwark/api-contract";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Accordion, Button } from "@trussworks/react-uswds";
import { api } from "../../api.ts";
import { formatDateTime } from "../../components/format.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { assetKeys } from "./asset-queries.ts";
import { DiffLists } from "./DiffLists.tsx";

/** The asset's inventory uploads, newest first; each opens to show what it changed against the one before. */
export function UploadHistory({ assetId }: { readonly assetId: string }) {
  const history = useInfiniteQuery({
    queryKey: assetKeys.inventories(assetId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/assets/{id}/inventories", {
          params: {
            path: { id: assetId },
            query: { limit: 20, ...(pageParam !== undefined && { cursor: pageParam }) },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });
  return (
    <section aria-labelledby="uploads-heading">
      <h2 id="uploads-heading">Upload history</h2>
      <QueryState
        query={history}
        label="the upload history"
        isEmpty={(d) => d.pages[0]?.items.length === 0}
        empty={<p>No inventory has been uploaded for this asset yet.</p>}
      >
        {(data) => {
          const uploads = data.pages.flatMap((p) => p.items);
          return (
            <>
              <Accordion
                bordered
                multiselectable
                items={uploads.map((u) => {
                  const d = u.diff;
                  return {
                    id: `upload-${u.id}`,
                    headingLevel: "h3" as const,
                    expanded: false,
                    title: `Upload ${u.seq}: ${formatDateTime(u.uploadedAt)} · ${u.format}${u.filename ? ` (${u.filename})` : ""} · ${u.componentCount} components · ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed${u.current ? " · current" : ""}`,
                    content: <DiffLists diff={d} />,
                  };
                })}
              />
              {history.hasNextPage && (
                <Button
                  type="button"
                  outline
                  className="margin-top-2"
                  disabled={history.isFetchingNextPage}
                  onClick={() => void history.fetchNextPage()}
                >
                  {history.isFetchingNextPage ? "Loading more…" : "Show older uploads"}
                </Button>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
