import { GridContainer, Header, NavMenuButton, PrimaryNav, Title } from "@trussworks/react-uswds";
import { type ReactNode, useState } from "react";
import { NavLink } from "react-router";
import { useOrg } from "./org.tsx";
import { useSession } from "./session.tsx";

interface NavItem {
  readonly to: string;
  readonly label: string;
}

function navFor(hasRole: (r: string) => boolean): NavItem[] {
  const items: NavItem[] = [
    { to: "/", label: "Dashboard" },
    { to: "/assets", label: "Assets" },
    { to: "/alerts", label: "Alerts" },
    { to: "/inbox", label: "Inbox" },
    { to: "/advisories", label: "Advisories" },
  ];
  if (hasRole("coordinator") || hasRole("admin")) items.push({ to: "/sectors", label: "Sectors" });
  if (hasRole("admin")) items.push({ to: "/admin", label: "Admin" });
  items.push({ to: "/settings", label: "Settings" });
  return items;
}

/** The console's frame: skip link, header with navigation and organisation picker, main landmark, footer. */
export function Layout({ children }: { readonly children: ReactNode }) {
  const session = useSession();
  const org = useOrg();
  const [expanded, setExpanded] = useState(false);
  const operators = org.orgs.filter((o) => o.kind === "operator");
  const links = navFor(session.hasPlatformRole).map((item) => (
    <NavLink
      key={item.to}
      to={item.to}
      end={item.to === "/"}
      className={({ isActive }) => `usa-nav__link${isActive ? " usa-current" : ""}`}
      onClick={() => setExpanded(false)}
    >
      <span>{item.label}</span>
    </NavLink>
  ));
  return (
    <>
      <a className="usa-skipnav" href="#main-content">
        Skip to main content
      </a>
      <div className={`usa-overlay${expanded ? " is-visible" : ""}`} />
      <Header basic>
        <div className="usa-nav-container">
          <div className="usa-navbar">
            <Title>
              <NavLink to="/" className="console-brand">
                Bulwark clearinghouse
              </NavLink>
            </Title>
            <NavMenuButton onClick={() => setExpanded((e) => !e)} label="Menu" />
          </div>
          <PrimaryNav items={links} mobileExpanded={expanded} onToggleMobileNav={() => setExpanded((e) => !e)}>
            <div className="console-nav-tools">
              {operators.length > 1 && (
                <label className="console-org-picker">
                  <span className="usa-sr-only">Organisation</span>
                  <select
                    className="usa-select"
                    value={org.current?.id ?? ""}
                    onChange={(e) => org.choose(e.target.value)}
                    aria-label="Organisation"
                  >
                    {operators.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <span className="console-user">{session.me?.displayName || session.me?.email}</span>
              <button
                type="button"
                className="usa-button usa-button--outline console-signout"
                onClick={() => void session.signOut()}
              >
                Sign out
              </button>
            </div>
          </PrimaryNav>
        </div>
      </Header>
      <main id="main-content">
        <GridContainer className="padding-y-4">{children}</GridContainer>
      </main>
      <footer className="usa-footer usa-footer--slim">
        <GridContainer className="padding-y-2 font-body-3xs">
          Bulwark clearinghouse · validate before you notify · <a href="/docs">API documentation</a>
        </GridContainer>
      </footer>
    </>
  );
}
