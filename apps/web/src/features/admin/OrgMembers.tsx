import { type Schemas, unwrap } from "@bulwark/api-contract";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Label, Select, Table, Tag, TextInput } from "@trussworks/react-uswds";
import { type FormEvent, useState } from "react";
import { api } from "../../api.ts";
import { ConfirmButton } from "../../components/ConfirmButton.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { humanise } from "../../components/format.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { TableRegion } from "../../components/TableRegion.tsx";
import { keysOf, type OrgRole, ROLE_LABELS } from "./labels.ts";

type Organisation = Schemas["Organisation"];
type Member = Schemas["Member"];

// Organisation tokens act through an account per role with an address that can receive no mail.
const TOKEN_ACCOUNT = /\.bulwark\.invalid$/;

/** An organisation's members with their roles: add one by e-mail, change a role, remove one. */
export function OrgMembers({ org }: { readonly org: Organisation }) {
  const queries = useQueryClient();
  const key = ["org-members", org.id];
  const query = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{id}/members", { params: { path: { id: org.id } } })),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: key });
  return (
    <>
      <QueryState
        query={query}
        label="the members"
        isEmpty={(d) => d.items.length === 0}
        empty={<p>{org.name} has no members yet. Add its first owner below.</p>}
      >
        {(data) => <MemberTable org={org} members={data.items} onChanged={refresh} />}
      </QueryState>
      <AddMemberForm org={org} onAdded={refresh} />
    </>
  );
}

function MemberTable({
  org,
  members,
  onChanged,
}: {
  readonly org: Organisation;
  readonly members: readonly Member[];
  readonly onChanged: () => void;
}) {
  const caption = `Members of ${org.name}`;
  const remove = useMutation({
    mutationFn: (userId: string) =>
      unwrap(api.DELETE("/api/v1/orgs/{id}/members/{userId}", { params: { path: { id: org.id, userId } } })),
    onSuccess: onChanged,
  });
  return (
    <>
      {remove.isError && <ErrorAlert error={remove.error} />}
      <TableRegion label={caption}>
        <Table caption={caption} fullWidth>
          <thead>
            <tr>
              <th scope="col">E-mail</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <th scope="row" className="console-break">
                  {m.email}
                  {TOKEN_ACCOUNT.test(m.email) && (
                    <>
                      {" "}
                      <Tag className="console-tag">Token account</Tag>
                    </>
                  )}
                </th>
                <td>{m.displayName || "—"}</td>
                <td>{humanise(m.role)}</td>
                <td>
                  <ConfirmButton
                    label="Remove"
                    srContext={m.email}
                    question={
                      TOKEN_ACCOUNT.test(m.email)
                        ? `Remove ${m.email}? Every ${m.role} token of ${org.name} stops working.`
                        : `Remove ${m.email} from ${org.name}?`
                    }
                    disabled={remove.isPending}
                    onConfirm={() => remove.mutate(m.userId)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableRegion>
    </>
  );
}

function AddMemberForm({ org, onAdded }: { readonly org: Organisation; readonly onAdded: () => void }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<OrgRole>("member");
  const [done, setDone] = useState<string>();
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT("/api/v1/orgs/{id}/members", { params: { path: { id: org.id } }, body: { email: email.trim(), role } }),
      ),
    onSuccess: (member) => {
      setEmail("");
      setDone(`${member.email} is now ${member.role} of ${org.name}.`);
      onAdded();
    },
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(undefined);
    add.mutate();
  }
  const id = `member-${org.id}`;
  return (
    <form onSubmit={submit} className="usa-form usa-form--large margin-top-2">
      <h4>Add a member or change a role</h4>
      <Label htmlFor={`${id}-email`}>E-mail address of an existing user</Label>
      <TextInput
        id={`${id}-email`}
        name="email"
        type="email"
        required
        maxLength={254}
        autoComplete="off"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <Label htmlFor={`${id}-role`}>Role</Label>
      <Select id={`${id}-role`} name="role" value={role} onChange={(e) => setRole(e.target.value as OrgRole)}>
        {keysOf(ROLE_LABELS).map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </Select>
      {add.isError && <ErrorAlert error={add.error} />}
      <Button type="submit" disabled={add.isPending}>
        {add.isPending ? "Saving…" : "Add or change member"}
      </Button>
      <p role="status" aria-live="polite">
        {done}
      </p>
    </form>
  );
}
