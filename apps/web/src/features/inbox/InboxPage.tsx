import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Checkbox } from "@trussworks/react-uswds";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { api } from "../../api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Page } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { InboxItemView } from "./InboxItemView.tsx";

const PAGE_SIZE = 25;

async function loadPage(unread: boolean, after: string | undefined) {
  return unwrap(
    api.GET("/api/v1/inbox", {
      params: { query: { limit: PAGE_SIZE, ...(unread && { unread: true }), ...(after !== undefined && { after }) } },
    }),
  );
}

/** The signed-in user's notifications, newest first: read them, follow them, mark them read. */
export function InboxPage() {
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get("unread") === "1";
  const queries = useQueryClient();
  const [notice, setNotice] = useState<string>();
  const query = useInfiniteQuery({
    queryKey: ["inbox", { unreadOnly }],
    queryFn: ({ pageParam }) => loadPage(unreadOnly, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ["inbox"] });
  const markRead = useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/v1/inbox/{id}/read", { params: { path: { id } } })),
    onSuccess: (item) => {
      setNotice(`Marked “${item.title}” as read.`);
      return refresh();
    },
  });
  const markAll = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/inbox/read-all")),
    onSuccess: ({ marked }) => {
      setNotice(marked === 1 ? "Marked 1 item as read." : `Marked ${marked} items as read.`);
      return refresh();
    },
  });
  const unread = query.data?.pages[0]?.unread;
  const items: Schemas["InboxItem"][] = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Page
      title="Inbox"
      lead={
        unread === undefined
          ? "Notifications about your organisations' alerts, bulletins and webhooks."
          : unread === 0
            ? "You have no unread notifications."
            : `You have ${unread} unread ${unread === 1 ? "notification" : "notifications"}.`
      }
      actions={
        <Button
          type="button"
          outline
          disabled={unread === undefined || unread === 0 || markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          Mark all as read
        </Button>
      }
    >
      <Checkbox
        id="inbox-unread-only"
        name="unread"
        label="Show unread notifications only"
        checked={unreadOnly}
        onChange={(e) => setParams(e.target.checked ? { unread: "1" } : {})}
      />
      <p role="status" aria-live="polite" className="margin-y-1">
        {notice}
      </p>
      {markRead.isError && <ErrorAlert error={markRead.error} />}
      {markAll.isError && <ErrorAlert error={markAll.error} />}
      <QueryState
        query={query}
        label="your notifications"
        isEmpty={() => items.length === 0}
        empty={
          <p>
            {unreadOnly
              ? "Nothing unread: you are up to date."
              : "Your inbox is empty. Notifications arrive here when alerts open, change or close, when a bulletin is published for you, and when a webhook stops working."}
          </p>
        }
      >
        {() => (
          <>
            <ul className="usa-list usa-list--unstyled">
              {items.map((item) => (
                <InboxItemView
                  key={item.id}
                  item={item}
                  busy={markRead.isPending && markRead.variables === item.id}
                  onMarkRead={() => markRead.mutate(item.id)}
                />
              ))}
            </ul>
            {query.hasNextPage && (
              <Button
                type="button"
                outline
                disabled={query.isFetchingNextPage}
                onClick={() => void query.fetchNextPage()}
              >
                {query.isFetchingNextPage ? "Loading more…" : "Show older notifications"}
              </Button>
            )}
            {query.isFetchNextPageError && <ErrorAlert error={query.error} />}
          </>
        )}
      </QueryState>
    </Page>
  );
}
