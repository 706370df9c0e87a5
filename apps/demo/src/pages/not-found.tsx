import type { ReactElement } from "react";
import { Link } from "../lib/router.tsx";
import { PageHeader } from "./page-header.tsx";

export function NotFoundPage(): ReactElement {
  return (
    <PageHeader
      title="Page not found"
      description={
        <>
          Nothing lives at this address.{" "}
          <Link href="/events" className="focus-ring rounded-sm text-accent underline underline-offset-2">
            Go to Events
          </Link>
          .
        </>
      }
    />
  );
}
