import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useMutation } from "@tanstack/react-query";
import { Button, Label, Table, TextInput } from "@trussworks/react-uswds";
import { type FormEvent, useState } from "react";
import { api } from "../../api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/format.ts";
import { SecretOnce } from "../../components/SecretOnce.tsx";
import { TableRegion } from "../../components/TableRegion.tsx";

type User = Schemas["User"];

/**
 * Create user accounts. The server generates the password and shows it once; the accounts made
 * during this visit are listed so the admin can add them to organisations next.
 */
export function UsersSection() {
  const [created, setCreated] = useState<{ user: User; password?: string }>();
  const [made, setMade] = useState<readonly User[]>([]);
  return (
    <section aria-labelledby="admin-users">
      <h2 id="admin-users">Users</h2>
      <p>
        A new account can sign in with the password shown once after creation; it sees nothing until it is added to an
        organisation (under Organisations).
      </p>
      {created?.password !== undefined && (
        <SecretOnce
          heading={`Account created for ${created.user.email}`}
          label="password"
          secret={created.password}
          onDismiss={() => setCreated(undefined)}
        >
          <p className="margin-bottom-0">Give it to the user over a safe channel.</p>
        </SecretOnce>
      )}
      <CreateUserForm
        onCreated={(result) => {
          setCreated(result);
          setMade((m) => [result.user, ...m]);
        }}
      />
      {made.length > 0 && <CreatedUsers users={made} />}
    </section>
  );
}

function CreateUserForm({ onCreated }: { readonly onCreated: (r: { user: User; password?: string }) => void }) {
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/users", {
          body: { email: email.trim(), ...(displayName.trim() !== "" && { displayName: displayName.trim() }) },
        }),
      ),
    onSuccess: (result) => {
      setEmail("");
      setDisplayName("");
      onCreated(result);
    },
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    create.mutate();
  }
  return (
    <form onSubmit={submit} className="usa-form usa-form--large">
      <h3>Create a user</h3>
      <Label htmlFor="user-email">E-mail address</Label>
      <TextInput
        id="user-email"
        name="email"
        type="email"
        required
        maxLength={254}
        autoComplete="off"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <Label htmlFor="user-name">Display name (optional)</Label>
      <TextInput
        id="user-name"
        name="displayName"
        type="text"
        maxLength={200}
        autoComplete="off"
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
      />
      {create.isError && <ErrorAlert error={create.error} />}
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create user"}
      </Button>
    </form>
  );
}

function CreatedUsers({ users }: { readonly users: readonly User[] }) {
  const caption = "Accounts created during this visit";
  return (
    <>
      <h3>Created just now</h3>
      <TableRegion label={caption}>
        <Table caption={caption} fullWidth>
          <thead>
            <tr>
              <th scope="col">E-mail</th>
              <th scope="col">Display name</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.email}</th>
                <td>{u.displayName || "—"}</td>
                <td>{formatDateTime(u.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableRegion>
    </>
  );
}
