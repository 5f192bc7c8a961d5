import { Button, SummaryBox, SummaryBoxContent, SummaryBoxHeading } from "@trussworks/react-uswds";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import type { useDemoSeed, useSetupStatus } from "./setup-queries.ts";

type SetupStatus = NonNullable<ReturnType<typeof useSetupStatus>["data"]>;

function heading(status: SetupStatus | undefined, hasOrganisation: boolean): string {
  if (hasOrganisation) return "No assets yet";
  return status?.assets === 0 ? "Get started" : "You are not in an operator organisation yet";
}

/**
 * The dashboard's place before there is anything to show: what Bulwark does, how to load the demo
 * from a terminal (also while the server runs), and for platform admins a button that loads it here.
 */
export function FirstRun({
  status,
  hasOrganisation,
  seed,
}: {
  readonly status: SetupStatus | undefined;
  readonly hasOrganisation: boolean;
  readonly seed: ReturnType<typeof useDemoSeed>;
}) {
  const canSeed = status?.canSeed === true;
  return (
    <>
      <SummaryBox>
        <SummaryBoxHeading headingLevel="h2">What Bulwark does</SummaryBoxHeading>
        <SummaryBoxContent>
          <ul className="usa-list">
            <li>
              Operators register their <strong>assets</strong> and upload what runs on them: an SBOM or a lockfile.
            </li>
            <li>
              Bulwark matches every component against the <strong>advisories</strong> it imported (OSV, CISA KEV, EPSS)
              and opens an <strong>alert</strong> for each vulnerable one, with its SSVC decision and its BOD 26-04
              deadline.
            </li>
            <li>
              When a new advisory arrives, it checks every inventory again and tells the affected operators first, with
              signed remediation bulletins from the clearinghouse.
            </li>
          </ul>
        </SummaryBoxContent>
      </SummaryBox>

      <section aria-labelledby="start-heading">
        <h2 id="start-heading">{heading(status, hasOrganisation)}</h2>
        {status !== undefined && (
          <p>
            This clearinghouse holds {status.advisories.toLocaleString("en-GB")} advisories, {status.organisations}{" "}
            organisations and {status.assets} assets.
          </p>
        )}
        <p>
          To see Bulwark with real data, load the demo: real advisories and three assets of a hospital with real SBOMs.
        </p>
        {hasOrganisation && (
          <p>
            Or add your own assets and upload their inventories on the <Link to="/assets">Assets</Link> page.
          </p>
        )}
        <p>From a terminal in the Bulwark folder (it works while the server runs):</p>
        <pre className="console-pre">
          <code>npx bulwark demo seed</code>
        </pre>
        {canSeed ? (
          <>
            <p>Or load it from here:</p>
            <Button type="button" size="big" disabled={seed.isPending} onClick={() => seed.mutate()}>
              Load the demo data
            </Button>
            <div aria-live="polite">
              {seed.isPending && (
                <p className="console-loading" role="status">
                  <span className="console-spinner" aria-hidden="true" />
                  Loading real advisories and three assets…
                </p>
              )}
              {seed.isError && <ErrorAlert error={seed.error} heading="The demo could not be loaded" />}
            </div>
          </>
        ) : (
          <p>
            Only a platform administrator can load the demo or add your organisation. Ask the person who set up this
            clearinghouse (they signed in with the administrator account <code>npm start</code> created), or an owner of
            your organisation to add you as a member.
          </p>
        )}
      </section>
    </>
  );
}
