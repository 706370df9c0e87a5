import type { ReactElement, ReactNode } from "react";

/** A page's title, one sentence on what it is for, and optional actions on the right. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description: ReactNode;
  actions?: ReactNode;
}): ReactElement {
  return (
    <header className="mb-6 flex items-start justify-between gap-4">
      <div className="flex flex-col gap-1">
        <h1 className="font-semibold text-xl tracking-tight">{title}</h1>
        <p className="max-w-prose text-muted text-sm">{description}</p>
      </div>
      {actions}
    </header>
  );
}
