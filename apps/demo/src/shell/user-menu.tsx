import * as Menu from "@radix-ui/react-dropdown-menu";
import { useQuery } from "@tanstack/react-query";
import type { ReactElement } from "react";
import { api, type SessionInfo } from "../lib/api.ts";
import { useSignIn, useSignOut } from "../lib/session.ts";
import { Avatar } from "./avatar.tsx";
import { Icon } from "./icons.tsx";

const ITEM =
  "flex h-8 cursor-default select-none items-center gap-2 rounded-md px-2 text-sm outline-none data-[highlighted]:bg-hover";

/** The avatar menu: who is signed in, switch to another demo user, sign out. */
export function UserMenu({ session }: { session: SessionInfo }): ReactElement {
  const users = useQuery({
    queryKey: ["demo", "users"],
    queryFn: api.users,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const signIn = useSignIn();
  const signOut = useSignOut();
  const { user, organization } = session;
  return (
    <Menu.Root>
      <Menu.Trigger className="focus-ring flex h-9 items-center gap-2 rounded-md px-1.5 hover:bg-hover data-[state=open]:bg-hover">
        <Avatar name={user.name} />
        <span className="flex flex-col items-start leading-tight">
          <span className="font-medium text-sm">{user.name}</span>
          <span className="text-muted text-xs">
            {organization.name} · {user.role}
          </span>
        </span>
        <Icon name="chevronDown" className="text-muted" />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-64 rounded-lg border border-line bg-surface p-1 text-fg shadow-lg"
        >
          <Menu.Label className="px-2 py-1.5">
            <span className="block font-medium text-sm">{user.name}</span>
            <span className="block text-muted text-xs">{user.email}</span>
          </Menu.Label>
          <Menu.Separator className="my-1 h-px bg-line" />
          <Menu.Label className="px-2 py-1 font-medium text-muted text-xs">Switch user</Menu.Label>
          <Menu.RadioGroup
            value={user.email}
            onValueChange={(email) => signIn.mutate({ email, to: window.location.pathname })}
          >
            {(users.data?.users ?? []).map((candidate) => (
              <Menu.RadioItem key={candidate.email} value={candidate.email} className={ITEM}>
                <Avatar name={candidate.name} size="sm" />
                <span className="flex flex-1 flex-col leading-tight">
                  <span>{candidate.name}</span>
                  <span className="text-muted text-xs">
                    {candidate.organization} · {candidate.role}
                  </span>
                </span>
                <Menu.ItemIndicator>
                  <Icon name="check" className="text-accent" />
                </Menu.ItemIndicator>
              </Menu.RadioItem>
            ))}
          </Menu.RadioGroup>
          <Menu.Separator className="my-1 h-px bg-line" />
          <Menu.Item className={ITEM} onSelect={() => signOut.mutate()}>
            <Icon name="logOut" className="text-muted" />
            Sign out
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
