import { useQuery } from "@tanstack/react-query";
import type { ReactElement } from "react";
import { api } from "../lib/api.ts";
import { useSignIn } from "../lib/session.ts";
import { Avatar } from "../shell/avatar.tsx";

/** Demo sign-in: pick one of the seeded users. No passwords. */
export function SignInPage({ next }: { next: string }): ReactElement {
  const users = useQuery({ queryKey: ["demo", "users"], queryFn: api.users });
  const signIn = useSignIn();
  return (
    <main className="flex min-h-screen items-center justify-center bg-sidebar px-4">
      <div className="app-card flex w-full max-w-md flex-col gap-5 p-6 shadow-sm">
        <div className="flex flex-col gap-1">
          <h1 className="font-semibold text-xl tracking-tight">Sign in to the demo</h1>
          <p className="text-muted text-sm">
            Pick a seeded user. Admins manage calendar connections; members only plan events.
          </p>
        </div>
        <ul aria-label="Demo users" className="flex flex-col gap-2">
          {(users.data?.users ?? []).map((user) => (
            <li key={user.email}>
              <button
                type="button"
                className="focus-ring flex w-full items-center gap-3 rounded-lg border border-line px-3 py-2.5 text-left hover:bg-hover disabled:opacity-60"
                disabled={signIn.isPending}
                onClick={() => signIn.mutate({ email: user.email, to: next })}
              >
                <Avatar name={user.name} />
                <span className="flex flex-1 flex-col leading-tight">
                  <span className="font-medium text-sm">Continue as {user.name}</span>
                  <span className="text-muted text-xs">{user.email}</span>
                </span>
                <span className="text-muted text-xs">
                  {user.organization} · {user.role}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {signIn.isError ? (
          <p role="alert" className="text-danger text-sm">
            Could not sign in: {signIn.error.message}
          </p>
        ) : null}
      </div>
    </main>
  );
}
