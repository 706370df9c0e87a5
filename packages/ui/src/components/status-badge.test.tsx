import { CONNECTION_STATUSES } from "@org/calendar-connections-core";
import { render, screen } from "@testing-library/react";
import { STATUS_LABELS, StatusBadge } from "./status-badge.tsx";

describe("StatusBadge", () => {
  it.each(CONNECTION_STATUSES)("names the %s status in words and exposes it as data-state", (status) => {
    render(<StatusBadge status={status} />);
    const badge = screen.getByText(STATUS_LABELS[status]);
    expect(badge).toHaveAttribute("data-slot", "status-badge");
    expect(badge).toHaveAttribute("data-state", status);
  });

  it("takes a translated label and merges the host's className and props", () => {
    render(<StatusBadge status="error" label="Synchronisierung fehlgeschlagen" className="ml-2" title="x" />);
    const badge = screen.getByText("Synchronisierung fehlgeschlagen");
    expect(badge).toHaveClass("ml-2");
    expect(badge).toHaveAttribute("title", "x");
  });
});
