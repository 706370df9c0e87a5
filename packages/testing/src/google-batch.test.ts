import Dicer from "dicer";
import { describe, expect, it } from "vitest";
import { createFakeGoogle, type FakeGoogle, googleEndpoints } from "./google.ts";
import { createManualClock, s256, seededRandom } from "./util.ts";

// The fake's batch endpoint, read and written as Google documents it ("Sending Batch Requests"); its
// answers are parsed with dicer, an independent multipart parser, not with the fake's or the kit's code.
const BASE = "http://fake.test/g";
const CLIENT = { clientId: "c", clientSecret: "s", redirectURIs: ["http://app.test/cb"] };
const VERIFIER = "v".repeat(43);
const endpoints = googleEndpoints(BASE);
const BATCH = `${BASE}/batch/calendar/v3`;

function setup() {
  const clock = createManualClock();
  const fake = createFakeGoogle({
    baseURL: BASE,
    clients: [CLIENT],
    accounts: [{ email: "ada@example.com" }],
    now: clock.now,
    random: seededRandom(3),
  });
  return { fake, clock };
}

async function accessToken(fake: FakeGoogle): Promise<string> {
  const url = new URL(endpoints.authorization);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: CLIENT.clientId,
    redirect_uri: "http://app.test/cb",
    state: "st",
    scope: "https://www.googleapis.com/auth/calendar.events",
    code_challenge: await s256(VERIFIER),
    code_challenge_method: "S256",
  }).toString();
  const back = await fake.consent(url, { email: "ada@example.com" });
  const response = await fake.handler(
    new Request(endpoints.token, {
      method: "POST",
      headers: { authorization: `Basic ${btoa("c:s")}` },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: back.searchParams.get("code") ?? "",
        redirect_uri: "http://app.test/cb",
        code_verifier: VERIFIER,
      }),
    }),
  );
  return String(((await response.json()) as { access_token: string }).access_token);
}

interface Part {
  readonly headers: Record<string, string[]>;
  readonly body: string;
}

/** Parses a multipart body with dicer. */
function dicerParts(body: string, boundary: string): Promise<Part[]> {
  return new Promise((resolve, reject) => {
    const parts: Part[] = [];
    const dicer = new Dicer({ boundary });
    dicer.on("part", (part) => {
      let headers: Record<string, string[]> = {};
      const chunks: Buffer[] = [];
      part.on("header", (value) => {
        headers = value as Record<string, string[]>;
      });
      part.on("data", (chunk: Buffer) => chunks.push(chunk));
      part.on("end", () => parts.push({ headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    dicer.on("finish", () => resolve(parts));
    dicer.on("error", reject);
    dicer.end(Buffer.from(body, "utf8"));
  });
}

/** A batch request as in Google's guide: one application/http part per call, path-only request lines. */
function batchRequest(
  token: string,
  calls: readonly { id: string; line: string; body?: unknown }[],
): Request {
  const boundary = "batch_foobarbaz";
  let body = "";
  for (const call of calls) {
    body += `--${boundary}\r\nContent-Type: application/http\r\nContent-ID: <${call.id}>\r\n\r\n${call.line}\r\n`;
    body +=
      call.body === undefined
        ? "\r\n"
        : `Content-Type: application/json\r\n\r\n${JSON.stringify(call.body)}\r\n`;
  }
  body += `--${boundary}--`;
  return new Request(BATCH, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": `multipart/mixed; boundary=${boundary}` },
    body,
  });
}

async function answers(response: Response) {
  const boundary = /boundary=([^;]+)/.exec(response.headers.get("content-type") ?? "")?.[1] ?? "";
  const parts = await dicerParts(await response.text(), boundary);
  return parts.map((part) => {
    const [head = "", ...rest] = part.body.split("\r\n\r\n");
    const [statusLine = "", ...headerLines] = head.split("\r\n");
    return {
      contentType: part.headers["content-type"]?.[0],
      contentId: part.headers["content-id"]?.[0],
      status: Number(statusLine.split(" ")[1]),
      headers: Object.fromEntries(headerLines.map((line) => line.split(": ") as [string, string])),
      body: rest.join("\r\n\r\n").trim(),
    };
  });
}

const EVENT = {
  summary: "Standup",
  start: { dateTime: "2030-01-01T09:00:00Z" },
  end: { dateTime: "2030-01-01T09:15:00Z" },
};
const insert = (id: string, eventId: string) => ({
  id,
  line: "POST /g/calendar/v3/calendars/primary/events HTTP/1.1",
  body: { id: eventId, ...EVENT },
});

describe("fake Google batch endpoint", () => {
  it("runs each part as its own call and answers multipart/mixed with response-<id> parts in order", async () => {
    const { fake } = setup();
    const token = await accessToken(fake);
    const response = await fake.handler(
      batchRequest(token, [
        insert("item1", "abcde00001"),
        insert("item2", "abcde00001"),
        { id: "item3", line: "DELETE /g/calendar/v3/calendars/primary/events/nosuchevent0 HTTP/1.1" },
        { id: "item4", line: "GET /g/calendar/v3/calendars/primary/events/abcde00001 HTTP/1.1" },
      ]),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^multipart\/mixed; boundary=/);
    const parts = await answers(response);
    expect(parts.map((part) => [part.contentId, part.status])).toEqual([
      ["<response-item1>", 200],
      ["<response-item2>", 409],
      ["<response-item3>", 404],
      ["<response-item4>", 200],
    ]);
    expect(parts.every((part) => part.contentType === "application/http")).toBe(true);
    expect(JSON.parse(parts[3]?.body ?? "{}")).toMatchObject({ id: "abcde00001", summary: "Standup" });
    expect(fake.events("ada@example.com", "ada@example.com").map((event) => event.id)).toEqual([
      "abcde00001",
    ]);
    expect(fake.callCount("events.insert")).toBe(2);
    expect(fake.batchSizes()).toEqual([4]);
  });

  it("counts every call against the account's rate limit: the calls past it answer 429 with Retry-After", async () => {
    const { fake } = setup();
    const token = await accessToken(fake);
    fake.setRateLimit({ requests: 2, windowMs: 10_000 });
    const calls = ["a", "b", "c"].map((id, at) => insert(id, `abcde0000${at}`));
    const parts = await answers(await fake.handler(batchRequest(token, calls)));
    expect(parts.map((part) => part.status)).toEqual([200, 200, 429]);
    expect(parts[2]?.headers["retry-after"]).toBe("10");
    expect(fake.events("ada@example.com", "ada@example.com")).toHaveLength(2);
  });

  it("gives each call its own Authorization when the part sets one, else the outer request's", async () => {
    const { fake } = setup();
    const token = await accessToken(fake);
    const withBadToken = {
      id: "x",
      line: "GET /g/calendar/v3/calendars/primary/events/abcde00001 HTTP/1.1\r\nAuthorization: Bearer nope",
    };
    const parts = await answers(
      await fake.handler(batchRequest(token, [insert("a", "abcde00001"), withBadToken])),
    );
    expect(parts.map((part) => part.status)).toEqual([200, 401]);
  });

  it("refuses a batch over 1,000 calls or one that is not multipart/mixed, running nothing", async () => {
    const { fake } = setup();
    const token = await accessToken(fake);
    const many = Array.from({ length: 1001 }, (_, at) =>
      insert(`i${at}`, `abcde${String(at).padStart(5, "0")}`),
    );
    const refused = await fake.handler(batchRequest(token, many));
    expect(refused.status).toBe(400);
    expect(fake.callCount("events.insert")).toBe(0);
    const notMultipart = await fake.handler(
      new Request(BATCH, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
    );
    expect(notMultipart.status).toBe(400);
  });

  it("fails a whole batch with a `batch` fault and single calls inside it with an `api` fault", async () => {
    const { fake } = setup();
    const token = await accessToken(fake);
    fake.injectFault("batch", { kind: "server_error", status: 503 });
    expect((await fake.handler(batchRequest(token, [insert("a", "abcde00001")]))).status).toBe(503);
    fake.injectFault("api", { kind: "server_error", status: 500 });
    const parts = await answers(
      await fake.handler(batchRequest(token, [insert("a", "abcde00001"), insert("b", "abcde00002")])),
    );
    expect(parts.map((part) => part.status)).toEqual([500, 200]);
  });
});
