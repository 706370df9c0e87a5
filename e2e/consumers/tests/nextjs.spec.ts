// Next.js only: the layout and the page are server components, and what they render is in the HTML.
import { expect, test } from "@playwright/test";

test("the server-rendered layout shows the nav item from the ./nav entry, the page its heading", async ({
  request,
}) => {
  const html = await (await request.get("/admin/calendars")).text();
  expect(html).toMatch(/<a href="\/admin\/calendars">Calendar connections<\/a>/);
  expect(html).toMatch(/<h1[^>]*>Calendar connections<\/h1>/);
});
