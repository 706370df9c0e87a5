// Outside Node, `#node-server` resolves to this stub: the fakes still load and answer through `handler`.
import { describe, expect, it } from "vitest";
import { createFakeGoogle } from "../google.ts";
import { listenNode } from "./node-server-unavailable.ts";

describe("#node-server outside Node", () => {
  it("refuses to listen, saying what to do instead", async () => {
    const fake = createFakeGoogle({ baseURL: "http://fake.test" });
    await expect(listenNode(fake.handler, {})).rejects.toThrow(
      /pass fake\.handler to the runtime's own server/,
    );
    const answer = await fake.handler(new Request("http://fake.test/__inspect"));
    expect(answer.status).toBeLessThan(500);
  });
});

describe("#node-server in Node", () => {
  it("serves the fake over node:http", async () => {
    const fake = createFakeGoogle();
    const url = await fake.listen();
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${url}/__inspect`)).status).toBeLessThan(500);
    } finally {
      await fake.close();
    }
  });
});
