import { unwrap } from "@bulwark/api-contract";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, Label, TextInput } from "@trussworks/react-uswds";
import { type FormEvent, useState } from "react";
import { api } from "../../api.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { TableRegion } from "../../components/TableRegion.tsx";
import { assetKeys } from "./asset-queries.ts";

const PAGE = 100;

/** The asset's current inventory, searchable by name or purl, a hundred components at a time. */
export function ComponentsList({ assetId }: { readonly assetId: string }) {
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const components = useInfiniteQuery({
    queryKey: assetKeys.components(assetId, q),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/assets/{id}/components", {
          params: {
            path: { id: assetId },
            query: { limit: PAGE, ...(q !== "" && { q }), ...(pageParam !== undefined && { cursor: pageParam }) },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setQ(text.trim().slice(0, 200));
  }

  return (
    <section aria-labelledby="components-heading">
      <h2 id="components-heading">Current inventory</h2>
      <form aria-label="Search the inventory" onSubmit={submit} className="maxw-tablet">
        <Label htmlFor="component-q">Search components by name or package URL</Label>
        <div className="console-inline-field">
          <TextInput id="component-q" name="q" type="text" value={text} onChange={(e) => setText(e.target.value)} />
          <Button type="submit">Search</Button>
        </div>
      </form>
      <QueryState
        query={components}
        label="components"
        isEmpty={(d) => d.pages[0]?.items.length === 0}
        empty={<p>{q === "" ? "No inventory uploaded yet." : `No component matches “${q}”.`}</p>}
      >
        {(data) => {
          const items = data.pages.flatMap((p) => p.items);
          const total = data.pages[0]?.total ?? items.length;
          return (
            <>
              <p role="status">
                Showing {items.length} of {total} component{total === 1 ? "" : "s"}
                {q !== "" && ` matching “${q}”`}.
              </p>
              <TableRegion label="Components">
                <table className="usa-table usa-table--borderless usa-table--compact width-full">
                  <caption>Components of the current inventory</caption>
                  <thead>
                    <tr>
                      <th scope="col">Package</th>
                      <th scope="col">Version</th>
                      <th scope="col">Ecosystem</th>
                      <th scope="col">Package URL</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((c) => (
                      <tr key={`${c.ecosystem}\u0000${c.name}\u0000${c.version}\u0000${c.purl ?? ""}`}>
                        <td className="console-code">
                          {c.name}
                          {c.sourceName !== undefined && c.sourceName !== c.name && (
                            <div className="font-body-2xs">
                              source {c.sourceName}
                              {c.sourceVersion !== undefined && ` ${c.sourceVersion}`}
                            </div>
                          )}
                        </td>
                        <td className="console-code">{c.version}</td>
                        <td>{c.ecosystem}</td>
                        <td className="console-code console-break">{c.purl ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
              {components.hasNextPage && (
                <Button
                  type="button"
                  outline
                  disabled={components.isFetchingNextPage}
                  onClick={() => void components.fetchNextPage()}
                >
                  {components.isFetchingNextPage ? "Loading more…" : "Show more components"}
                </Button>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
