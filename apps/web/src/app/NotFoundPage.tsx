import { Link } from "react-router";
import { Page } from "../components/Page.tsx";

/** An address the console does not know. */
export function NotFoundPage() {
  return (
    <Page title="Page not found" lead="There is no page at this address.">
      <p>
        <Link to="/">Go to the dashboard</Link>
      </p>
    </Page>
  );
}
