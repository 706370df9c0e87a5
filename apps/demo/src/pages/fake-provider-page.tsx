import type { FakeInspection } from "@org/calendar-connections-testing";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { ReactElement } from "react";
import { FakeAccount } from "../fake/fake-account.tsx";
import { api } from "../lib/api.ts";
import { PageHeader } from "./page-header.tsx";

const NAMES = { google: "Google", microsoft: "Microsoft" } as const;

async function inspect(base: string): Promise<FakeInspection> {
  const response = await fetch(`${base}/__inspect`);
  if (!response.ok) throw new Error(`${base} answered ${response.status}`);
  return (await response.json()) as FakeInspection;
}

function FakeProviderSection({ id, base }: { id: keyof typeof NAMES; base: string }): ReactElement {
  const state = useQuery({ queryKey: ["fake", id], queryFn: () => inspect(base), refetchInterval: 2000 });
  const revoke = useMutation({
    mutationFn: async (email: string) => {
      await fetch(`${base}/__control`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ action: "revokeGrants", email }),
      });
    },
    onSettled: () => state.refetch(),
  });
  return (
    <section aria-labelledby={`fake-${id}`} className="flex flex-col gap-3">
      <h2 id={`fake-${id}`} className="font-semibold text-base">
        {NAMES[id]} <span className="font-normal text-muted text-sm">(fake, at {base})</span>
      </h2>
      {state.isPending ? (
        <div className="app-card h-40 animate-pulse" aria-hidden="true" />
      ) : state.isError ? (
        <p role="alert" className="text-danger text-sm">
          Could not read the fake: {state.error.message}
        </p>
      ) : (
        state.data.accounts.map((account) => (
          <FakeAccount
            key={account.id}
            providerName={NAMES[id]}
            account={account}
            activeGrants={
              state.data.grants.filter((grant) => grant.email === account.email && grant.revokedAt === null)
                .length
            }
            revoking={revoke.isPending && revoke.variables === account.email}
            onRevoke={() => revoke.mutate(account.email)}
          />
        ))
      )}
    </section>
  );
}

/** The fake Google and Microsoft as a person watching the sync would want to see them. */
export function FakeProviderPage(): ReactElement {
  const config = useQuery({ queryKey: ["demo", "config"], queryFn: api.config });
  const fakes = config.data?.fakes;
  return (
    <>
      <PageHeader
        title="Fake provider"
        description="The calendars of the fake Google and Microsoft accounts this demo connects to, refreshed every two seconds. Watch your events land here after a sync."
      />
      <div className="flex flex-col gap-8">
        {fakes?.google ? <FakeProviderSection id="google" base={fakes.google} /> : null}
        {fakes?.microsoft ? <FakeProviderSection id="microsoft" base={fakes.microsoft} /> : null}
        {fakes && !fakes.google && !fakes.microsoft ? (
          <p className="text-muted text-sm">Both providers use real credentials; there is no fake to show.</p>
        ) : null}
      </div>
    </>
  );
}
