import { SecretOnce } from "../../components/SecretOnce.tsx";

/** The new webhook's signing secret, shown once, with how receivers check a delivery. */
export function WebhookSecret({
  url,
  secret,
  onDismiss,
}: {
  readonly url: string;
  readonly secret: string;
  readonly onDismiss: () => void;
}) {
  return (
    <SecretOnce heading="Webhook added" label="signing secret" secret={secret} onDismiss={onDismiss}>
      <p className="margin-bottom-0">
        Give it to the receiver at <span className="console-break">{url}</span>: every delivery is signed the Standard
        Webhooks way (headers <code className="console-code">webhook-id</code>,{" "}
        <code className="console-code">webhook-timestamp</code> and{" "}
        <code className="console-code">webhook-signature</code>
        ), so any Standard Webhooks library can check it with this secret.
      </p>
    </SecretOnce>
  );
}
