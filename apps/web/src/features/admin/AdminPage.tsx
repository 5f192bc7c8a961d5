import { Alert, AlertHeading, AlertText } from "@trussworks/react-uswds";
import { useSearchParams } from "react-router";
import { useSession } from "../../app/session.tsx";
import { Page } from "../../components/Page.tsx";
import { OrgsSection } from "./OrgsSection.tsx";
import { TokensSection } from "./TokensSection.tsx";
import { UsersSection } from "./UsersSection.tsx";

const SECTIONS = [
  { id: "users", label: "Users" },
  { id: "organisations", label: "Organisations" },
  { id: "tokens", label: "API tokens" },
] as const;

type SectionId = (typeof SECTIONS)[number]["id"];

/**
 * Platform administration: user accounts, organisations and their members, and API tokens. One
 * section at a time, chosen with buttons and kept in the URL (`?section=`) so it survives reloads.
 */
export function AdminPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  if (!session.hasPlatformRole("admin")) {
    return (
      <Page title="Administration">
        <Alert type="info">
          <AlertHeading level="h2">For platform administrators</AlertHeading>
          <AlertText>
            Creating accounts and organisations and managing API tokens here needs the platform role admin. Your own
            e-mail settings and your organisation's webhooks are under Settings; ask a platform administrator for
            anything else.
          </AlertText>
        </Alert>
      </Page>
    );
  }
  const wanted = params.get("section");
  const section: SectionId = SECTIONS.find((s) => s.id === wanted)?.id ?? "users";
  return (
    <Page title="Administration" lead="User accounts, organisations and their members, and API tokens.">
      <nav aria-label="Administration sections" className="margin-bottom-3">
        <ul className="usa-button-group">
          {SECTIONS.map((s) => (
            <li key={s.id} className="usa-button-group__item">
              <button
                type="button"
                className={`usa-button${s.id === section ? "" : " usa-button--outline"}`}
                aria-pressed={s.id === section}
                onClick={() => setParams({ section: s.id })}
              >
                {s.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {section === "users" && <UsersSection />}
      {section === "organisations" && <OrgsSection />}
      {section === "tokens" && <TokensSection />}
    </Page>
  );
}
