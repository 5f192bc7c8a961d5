import { Page } from "../../components/Page.tsx";
import { NotificationSettings } from "./NotificationSettings.tsx";
import { Webhooks } from "./Webhooks.tsx";

/** The user's settings: how notifications are e-mailed, and the chosen organisation's webhooks. */
export function SettingsPage() {
  return (
    <Page title="Settings">
      <NotificationSettings />
      <Webhooks />
    </Page>
  );
}
