import type { Schemas } from "@bulwark/api-contract";
import { Button, Tag } from "@trussworks/react-uswds";
import { Link } from "react-router";
import { useOrg } from "../../app/org.tsx";
import { formatDateTime } from "../../components/format.ts";
import { SeverityTag } from "../../components/osv/SeverityTag.tsx";
import { emailLabel, kindLabel, targetOf } from "./inbox-links.ts";

/** One notification: its title, when, what kind, its text, where it leads, and "Mark as read" while unread. */
export function InboxItemView({
  item,
  busy,
  onMarkRead,
}: {
  readonly item: Schemas["InboxItem"];
  readonly busy: boolean;
  readonly onMarkRead: () => void;
}) {
  const org = useOrg();
  const unread = item.readAt === undefined;
  const target = targetOf(item.link);
  const chosen = target?.orgId;
  // Webhook settings show the chosen organisation: choose the item's one when it can be chosen.
  const choose =
    chosen !== undefined && org.orgs.some((o) => o.id === chosen && o.kind === "operator")
      ? () => org.choose(chosen)
      : undefined;
  return (
    <li className={`console-card console-inbox-item${unread ? " is-unread" : ""}`}>
      <h2 className="font-heading-md margin-bottom-05">{item.title}</h2>
      <p className="console-meta margin-y-05">
        {unread && (
          <>
            <Tag background="#005ea2" className="console-tag">
              Unread
            </Tag>{" "}
          </>
        )}
        <Tag className="console-tag">{kindLabel(item.kind)}</Tag>{" "}
        {item.severity !== undefined && (
          <>
            <SeverityTag level={item.severity} />{" "}
          </>
        )}
        <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time> ·{" "}
        {emailLabel(item.emailMode, item.emailedAt)}
        {!unread && <> · read {formatDateTime(item.readAt)}</>}
      </p>
      <p className="console-preline margin-y-1">{item.body}</p>
      <div className="console-page-actions">
        {target !== undefined && (
          <Link to={target.to} className="usa-button usa-button--outline" onClick={choose}>
            {target.label}
            <span className="usa-sr-only">: {item.title}</span>
          </Link>
        )}
        {unread && (
          <Button type="button" disabled={busy} onClick={onMarkRead}>
            Mark as read<span className="usa-sr-only">: {item.title}</span>
          </Button>
        )}
      </div>
    </li>
  );
}
