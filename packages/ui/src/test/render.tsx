import { type RenderResult, render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MessagesProvider } from "../i18n/context.tsx";
import type { MessageOverrides } from "../i18n/en.ts";
import { CalendarConnectionsRoot } from "../page/root.tsx";
import { FIXED_NOW } from "../testing/fixtures.ts";

/** Renders a part inside a kit root, with the fixed clock and optional message overrides. */
export function renderPart(
  ui: ReactElement,
  options: { messages?: MessageOverrides; locale?: string } = {},
): RenderResult {
  return render(
    <CalendarConnectionsRoot>
      <MessagesProvider messages={options.messages} locale={options.locale} now={() => FIXED_NOW}>
        {ui}
      </MessagesProvider>
    </CalendarConnectionsRoot>,
  );
}
