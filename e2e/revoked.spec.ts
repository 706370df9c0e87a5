import { expect, test } from "@playwright/test";
import { answerConsent, connect, panel, pickerDialog } from "./support/connect.ts";
import { ALICE, CALENDARS_PAGE } from "./support/constants.ts";
import { createEvent, listConnections, resetDemo, signInAs, syncUntil } from "./support/demo.ts";
import { fakeCalendarTitles, revokeAtFake } from "./support/fakes.ts";
import { checkState } from "./support/states.ts";

test.beforeEach(async ({ request }) => resetDemo(request));

test("a grant revoked at the provider asks for a reconnect; reconnecting syncs the parked events", async ({
  page,
}, testInfo) => {
  // A full connect, revoke, reconnect and outbox round: more than one flow's budget on a busy machine.
  test.slow();
  const request = page.request;
  await signInAs(request, ALICE);
  await connect(page, "Google Calendar", "Team events");
  const titles = () => fakeCalendarTitles(request, "google", ALICE, "Team events");
  await createEvent(request, "Before the revoke");
  await syncUntil(request, titles, ["Before the revoke"], "the first event syncs");

  await revokeAtFake(request, "google", ALICE);
  await createEvent(request, "While revoked", "2030-03-05T09:00:00.000Z", "2030-03-05T10:00:00.000Z");
  await syncUntil(
    request,
    async () => (await listConnections(request)).map((connection) => connection.status),
    ["needs_reauth"],
    "the failed write marks the connection as needing a reconnect",
  );

  // No reload: the open tab finds out by itself, within a minute. The page polls while visible (every 15 s,
  // backing off to once a minute while nothing changes) and reads again when its admin comes back to it
  // once the list is 30 s old; a synthetic `visibilitychange` must bubble for TanStack Query to hear it.
  const google = panel(page, "google");
  await expect
    .poll(
      async () => {
        await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange", { bubbles: true })));
        return google.locator('[data-slot="status-badge"]').textContent();
      },
      { message: "the open tab shows the revoke", timeout: 75_000, intervals: [1_000] },
    )
    .toBe("Needs reconnect");
  // The nav says so too, for an admin on any page.
  await expect(page.getByRole("link", { name: /^Calendar connections\W+1 needs attention$/ })).toBeVisible();
  await expect(google.locator('[data-slot="connection-health"]')).toContainText("Access was revoked");
  await checkState(page, testInfo, "needs-reconnect");
  expect(await titles()).toEqual(["Before the revoke"]);

  await google.getByRole("button", { name: "Reconnect" }).click();
  await answerConsent(page);
  await expect(page).toHaveURL(CALENDARS_PAGE);
  // The reconnected connection keeps its calendar: the page says so and does not ask for one again.
  await expect(page.locator('[data-slot="banner"]')).toHaveText("Google Calendar is connected.");
  await expect(google.locator('[data-slot="status-badge"]')).toHaveText("Connected");
  await expect(google.locator('[data-slot="connection-calendar"]')).toContainText("Team events");
  await expect(pickerDialog(page)).toBeHidden();
  await syncUntil(
    request,
    titles,
    ["Before the revoke", "While revoked"],
    "the parked event syncs after the reconnect",
  );
  await page.reload();
  await expect(google.locator('[data-slot="connection-last-sync"]')).toContainText("Last synced");
  await checkState(page, testInfo, "reconnected");

  // The host's hook heard both changes, once each: the demo's outbox shows the emails it would send.
  await syncUntil(
    request,
    async () => {
      const { emails } = (await (await request.get("/demo/outbox")).json()) as {
        emails: { subject: string }[];
      };
      return emails.map((email) => email.subject).filter((subject) => !/connected$|changed$/.test(subject));
    },
    ["Calendar sync is working again", "Action needed: reconnect your calendar"],
    "the outbox receives needs-reconnect, then recovered",
  );
  await page.getByRole("link", { name: "Outbox" }).click();
  await expect(page.getByRole("list", { name: "Sent emails" }).getByRole("listitem").first()).toContainText(
    "Calendar sync is working again",
  );
  await expect(page.getByRole("link", { name: /needs attention/ })).toHaveCount(0);
  await checkState(page, testInfo, "outbox");
});
