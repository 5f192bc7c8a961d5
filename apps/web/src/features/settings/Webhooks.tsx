import type { Schemas } from "@bulwark/api-contract";
import { Alert, AlertHeading, AlertText } from "@trussworks/react-uswds";
import { useEffect, useRef } from "react";
import { useLocation } from "react-router";
import { useOrg } from "../../app/org.tsx";
import { useSession } from "../../app/session.tsx";
import { WebhookManager } from "./WebhookManager.tsx";

type Organisation = Schemas["Organisation"];

/**
 * The chosen organisation's webhooks. Only its owners and admins manage them (the server says the
 * same); everyone else is told why they see none.
 */
export function Webhooks() {
  const org = useOrg();
  const session = useSession();
  const heading = useRef<HTMLHeadingElement>(null);
  const { hash } = useLocation();
  // The inbox links here as /settings#webhooks; the page loads after the browser looked for the anchor.
  useEffect(() => {
    if (hash === "#webhooks") heading.current?.scrollIntoView();
  }, [hash]);
  const current: Organisation | undefined = org.current;
  const role = current === undefined ? undefined : session.me?.memberships.find((m) => m.orgId === current.id)?.role;
  return (
    <section aria-labelledby="webhooks">
      <h2 id="webhooks" ref={heading}>
        Webhooks{current !== undefined && ` of ${current.name}`}
      </h2>
      <p>
        A webhook receives your organisation's alert notifications as signed HTTP POST requests, for a ticketing system
        or chat. After repeated failed deliveries Bulwark disables it and tells the organisation's admins.
      </p>
      {current === undefined ? (
        <p>
          {org.loading
            ? "Loading your organisations…"
            : "You do not belong to an operator organisation, so there are no webhooks to manage."}
        </p>
      ) : role === "owner" || role === "admin" ? (
        <WebhookManager org={current} />
      ) : (
        <Alert type="info">
          <AlertHeading level="h3">Only owners and admins manage webhooks</AlertHeading>
          <AlertText>
            A webhook sends {current.name}'s data out and carries a signing secret, so only the organisation's owners
            and admins add, test or delete them.{" "}
            {role === undefined ? "You are not a member of this organisation." : `Your role in it is ${role}.`} Ask one
            of its owners or admins.
          </AlertText>
        </Alert>
      )}
    </section>
  );
}
