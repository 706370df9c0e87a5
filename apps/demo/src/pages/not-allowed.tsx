import type { ReactElement } from "react";
import { Icon } from "../shell/icons.tsx";

/** What a signed-in user sees on a page their role does not open. */
export function NotAllowed({ what, organization }: { what: string; organization: string }): ReactElement {
  return (
    <div
      data-slot="not-allowed"
      className="app-card mx-auto mt-8 flex max-w-md flex-col items-center gap-3 px-6 py-10 text-center"
    >
      <span className="flex size-10 items-center justify-center rounded-full bg-hover text-muted">
        <Icon name="lock" width={20} height={20} />
      </span>
      <h1 className="font-semibold text-lg">Not allowed</h1>
      <p className="text-muted text-sm">
        Only admins of {organization} can {what}. Ask one of them if you need a calendar connected.
      </p>
    </div>
  );
}
