import type { Schemas } from "@bulwark/api-contract";
import { Grid } from "@trussworks/react-uswds";
import { DecisionTag, DueDate, SeverityTag } from "../../components/AlertTags.tsx";
import { epssOf, kevOf, ssvcOf, timelineOf } from "../../components/alert-facts.ts";
import { FactList } from "../../components/FactList.tsx";
import { formatDate, formatPercent, humanise } from "../../components/format.ts";

const EXPLOITATION: Record<string, string> = {
  none: "None known",
  "public-poc": "Public proof of concept",
  active: "Active exploitation",
};

// "bod-26-04" as CISA writes it: "BOD 26-04".
function policyName(id: string): string {
  const bod = /^bod-(\d+)-(\d+)$/i.exec(id);
  return bod === null ? id : `BOD ${bod[1]}-${bod[2]}`;
}

/**
 * What the clearinghouse knows about the alert's risk: CVSS severity, EPSS, CISA KEV, the SSVC
 * decision with its inputs, and the BOD 26-04 timeline with the deadline.
 */
export function AlertFacts({ alert }: { readonly alert: Schemas["Alert"] }) {
  const kev = kevOf(alert);
  const epss = epssOf(alert);
  const ssvc = ssvcOf(alert);
  const timeline = timelineOf(alert);
  return (
    <section aria-labelledby="risk-heading">
      <h2 id="risk-heading">Risk</h2>
      <Grid row gap>
        <Grid tablet={{ col: 6 }}>
          <h3>Severity (CVSS)</h3>
          <FactList
            facts={[
              ["Level", <SeverityTag key="s" level={alert.severity.level} />],
              ["Score", alert.severity.score?.toFixed(1)],
              [
                "Vector",
                alert.severity.vector && (
                  <span key="vector" className="console-code">
                    {alert.severity.vector}
                  </span>
                ),
              ],
            ]}
          />
          <h3>Exploit prediction (EPSS)</h3>
          {epss === undefined ? (
            <p>FIRST has no EPSS score for this vulnerability.</p>
          ) : (
            <FactList
              facts={[
                ["Probability of exploitation in 30 days", formatPercent(epss.probability)],
                ["Percentile", formatPercent(epss.percentile)],
                ["Scored", epss.date && formatDate(epss.date)],
              ]}
            />
          )}
          <h3>Known exploited (CISA KEV)</h3>
          {kev === undefined ? (
            <p>Not in CISA's Known Exploited Vulnerabilities catalogue.</p>
          ) : (
            <FactList
              facts={[
                ["CVE", kev.cve],
                ["Added to KEV", formatDate(kev.dateAdded)],
                ["KEV due date (federal agencies)", formatDate(kev.dueDate)],
                ["Known ransomware campaign use", kev.knownRansomwareCampaignUse],
                ["Required action", kev.requiredAction],
              ]}
            />
          )}
        </Grid>
        <Grid tablet={{ col: 6 }}>
          <h3>SSVC decision</h3>
          {ssvc === undefined ? (
            <p>No SSVC decision could be made for this alert.</p>
          ) : (
            <FactList
              facts={[
                ["Decision", <DecisionTag key="d" decision={ssvc.decision} />],
                ["Exploitation", ssvc.exploitation && (EXPLOITATION[ssvc.exploitation] ?? ssvc.exploitation)],
                ["Automatable", ssvc.automatable && humanise(ssvc.automatable)],
                ["Technical impact", ssvc.technicalImpact && humanise(ssvc.technicalImpact)],
                [
                  "Mission and well-being (asset criticality)",
                  ssvc.missionWellbeing && humanise(ssvc.missionWellbeing),
                ],
              ]}
            />
          )}
          <h3>Deadline</h3>
          <FactList
            facts={[
              ["Policy", timeline?.policy === undefined ? "None applies" : policyName(timeline.policy)],
              ["Timeline", timeline?.label],
              ["Clock started", formatDate(alert.clockStart)],
              ["Due", <DueDate key="due" dueAt={alert.dueAt} overdue={alert.overdue} />],
            ]}
          />
        </Grid>
      </Grid>
    </section>
  );
}

/** The component the alert is about: package, version, purl, and the versions that fix it. */
export function AffectedComponent({ alert }: { readonly alert: Schemas["Alert"] }) {
  return (
    <section aria-labelledby="component-heading">
      <h2 id="component-heading">Affected component</h2>
      <FactList
        facts={[
          [
            "Package",
            <span key="p" className="console-code">
              {alert.package.name}
            </span>,
          ],
          ["Ecosystem", alert.package.ecosystem],
          [
            "Installed version",
            <span key="v" className="console-code">
              {alert.package.version}
            </span>,
          ],
          [
            "Package URL",
            alert.package.purl && (
              <span key="purl" className="console-code">
                {alert.package.purl}
              </span>
            ),
          ],
          [
            "Fixed in",
            alert.fixedVersions.length === 0 ? (
              "No fixed version published yet"
            ) : (
              <span key="fixed" className="console-code">
                {alert.fixedVersions.join(", ")}
              </span>
            ),
          ],
          ["First detected", formatDate(alert.firstDetectedAt)],
          ["Resolved", alert.resolvedAt && formatDate(alert.resolvedAt)],
        ]}
      />
    </section>
  );
}
