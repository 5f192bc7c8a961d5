import { Alert, AlertHeading, AlertText } from "@trussworks/react-uswds";
import { Link } from "react-router";

/** What an operator page says to a user who belongs to no operator organisation. */
export function NoOrganisation() {
  return (
    <Alert type="info">
      <AlertHeading level="h2">No operator organisation</AlertHeading>
      <AlertText>
        Assets and alerts belong to an operator organisation, and you are not a member of one. Ask an owner of your
        organisation or the clearinghouse's platform administrator to add you, or open the <Link to="/">dashboard</Link>{" "}
        to load the demo.
      </AlertText>
    </Alert>
  );
}
