import { expect, test } from "@playwright/test";
import { connect, panel } from "./support/connect.ts";
import { ALICE } from "./support/constants.ts";
import { listConnections, resetDemo, signInAs } from "./support/demo.ts";
import { inspectFake } from "./support/fakes.ts";
import { checkState } from "./support/states.ts";

test.beforeEach(async ({ request }) => resetDemo(request));

test("disconnect through the dialog: cancel keeps it, confirm revokes at the provider", async ({
  page,
}, testInfo) => {
  await signInAs(page.request, ALICE);
  await connect(page, "Google Calendar", "Team events");
  const google = panel(page, "google");
  const dialog = page.getByRole("alertdialog", { name: "Disconnect Google Calendar?" });

  await google.getByRole("button", { name: "More actions for Google Calendar" }).click();
  await page.getByRole("menuitem", { name: "Disconnect" }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Events already added to Team events stay there.");
  await checkState(page, testInfo, "disconnect-dialog");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(google.locator('[data-slot="status-badge"]')).toHaveText("Connected");
  expect((await inspectFake(page.request, "google")).revocations).toEqual([]);

  await google.getByRole("button", { name: "More actions for Google Calendar" }).click();
  await page.getByRole("menuitem", { name: "Disconnect" }).click();
  await dialog.getByRole("button", { name: "Disconnect" }).click();
  await expect(dialog).toBeHidden();
  // The server lists live connections only; the page keeps this one for the session, as Disconnected with
  // Reconnect, focused and announced, and Google can be connected again.
  await expect(google).toHaveAttribute("data-state", "disconnected");
  await expect(google.locator('[data-slot="status-badge"]')).toHaveText("Disconnected");
  await expect(google.getByRole("button", { name: "Reconnect" })).toBeEnabled();
  await expect(google).toBeFocused();
  await expect(page.locator('[data-slot="live-region"]')).toHaveText("Google Calendar disconnected.");
  await expect(page.getByText("No calendar connected yet")).toBeHidden();
  // The OAuth banner of this connection is replaced by the announcement, never reworded.
  await expect(page.locator('[data-slot="banner"]')).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Connect Google Calendar" })).toBeEnabled();
  await checkState(page, testInfo, "disconnected");

  const fake = await inspectFake(page.request, "google");
  expect(fake.revocations).toEqual([expect.objectContaining({ email: ALICE, via: "revoke_endpoint" })]);
  expect(fake.grants.every((grant) => grant.revokedAt !== null)).toBe(true);
  expect(await listConnections(page.request)).toEqual([]);
});
