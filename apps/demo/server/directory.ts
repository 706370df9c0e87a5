/** The demo's seeded organizations and users. A real product keeps these in its own database. */

export type DemoRole = "admin" | "member";

export interface DemoOrganization {
  readonly id: string;
  readonly name: string;
}

export interface DemoUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly organizationId: string;
  readonly role: DemoRole;
}

export const ORGANIZATIONS: readonly DemoOrganization[] = [
  { id: "org_acme", name: "Acme" },
  { id: "org_globex", name: "Globex" },
];

export const USERS: readonly DemoUser[] = [
  {
    id: "user_alice",
    email: "alice@acme.test",
    name: "Alice Adams",
    organizationId: "org_acme",
    role: "admin",
  },
  { id: "user_bob", email: "bob@acme.test", name: "Bob Baker", organizationId: "org_acme", role: "member" },
  {
    id: "user_carol",
    email: "carol@globex.test",
    name: "Carol Chen",
    organizationId: "org_globex",
    role: "admin",
  },
];

export function findUser(email: string): DemoUser | null {
  const wanted = email.trim().toLowerCase();
  return USERS.find((user) => user.email === wanted) ?? null;
}

export function findOrganization(id: string): DemoOrganization | null {
  return ORGANIZATIONS.find((organization) => organization.id === id) ?? null;
}
