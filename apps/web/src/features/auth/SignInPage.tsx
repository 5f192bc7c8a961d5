import { Button, Fieldset, Form, Label, TextInput } from "@trussworks/react-uswds";
import { type FormEvent, useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { useSession } from "../../app/session.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Page } from "../../components/Page.tsx";

/** Sign in with e-mail and password; returns to the page that asked for it. */
export function SignInPage() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await session.signIn(String(form.get("email")), String(form.get("password")));
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== "/sign-in" ? from : "/", { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="console-signin">
      <Page
        title="Sign in"
        lead="The clearinghouse tells operators, first and with a deadline, when something they run becomes dangerous."
      >
        {error !== undefined && <ErrorAlert error={error} />}
        <Form onSubmit={(e) => void submit(e)} large>
          <Fieldset legend="Your account" legendStyle="srOnly">
            <Label htmlFor="email">E-mail address</Label>
            <TextInput id="email" name="email" type="email" autoComplete="username" required />
            <Label htmlFor="password">Password</Label>
            <TextInput id="password" name="password" type="password" autoComplete="current-password" required />
            <Button type="submit" disabled={busy}>
              {busy ? "Signing in…" : "Sign in"}
            </Button>
          </Fieldset>
        </Form>
        <p className="font-body-xs text-base">
          First time here? <code>npm start</code> printed the administrator's e-mail address and password when it
          created the database. Lost them? Run <code>bulwark admin reset-password</code>.
        </p>
      </Page>
    </div>
  );
}
