import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { OnceOpened } from "./lazy-dialogs.tsx";

describe("OnceOpened", () => {
  it("renders nothing before the first open, then keeps its dialog mounted after it closes", () => {
    const { rerender } = render(
      <OnceOpened open={false}>
        <p>dialog</p>
      </OnceOpened>,
    );
    expect(screen.queryByText("dialog")).toBeNull();
    rerender(
      <OnceOpened open>
        <p>dialog</p>
      </OnceOpened>,
    );
    expect(screen.getByText("dialog")).toBeTruthy();
    // Closed again: still mounted, so Radix can animate it out and return focus.
    rerender(
      <OnceOpened open={false}>
        <p>dialog</p>
      </OnceOpened>,
    );
    expect(screen.getByText("dialog")).toBeTruthy();
  });
});
