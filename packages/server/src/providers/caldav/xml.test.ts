import { describe, expect, it } from "vitest";
import { CALDAV, DAV, hrefIn, MalformedXmlError, multigetBody, parseMultistatus, prop } from "./xml.ts";

describe("parseMultistatus", () => {
  it("reads the same answer whatever prefixes (or default namespace) the server chose", () => {
    const prefixed = `<?xml version="1.0"?><D:multistatus xmlns:D="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav">
      <D:response><D:href>/cal/home/</D:href>
        <D:propstat><D:prop><cal:calendar-home-set><D:href>https://p07-caldav.icloud.com/1/calendars/</D:href></cal:calendar-home-set></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
        <D:propstat><D:prop><D:displayname/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>
      </D:response></D:multistatus>`;
    const unprefixed = `<multistatus xmlns="DAV:"><response><href>/cal/home/</href><propstat><prop>
      <calendar-home-set xmlns="urn:ietf:params:xml:ns:caldav"><href xmlns="DAV:">https://p07-caldav.icloud.com/1/calendars/</href></calendar-home-set>
      </prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>`;
    for (const text of [prefixed, unprefixed]) {
      const [response] = parseMultistatus(text);
      expect(response?.href).toBe("/cal/home/");
      expect(hrefIn(response && prop(response, [CALDAV, "calendar-home-set"]))).toBe(
        "https://p07-caldav.icloud.com/1/calendars/",
      );
      // A property the server answered 404 for is absent, not empty.
      expect(response && prop(response, [DAV, "displayname"])).toBeUndefined();
    }
  });

  it("refuses what is not well-formed XML or not a multistatus", () => {
    expect(() => parseMultistatus("<html><body>Welcome")).toThrow(MalformedXmlError);
    expect(() => parseMultistatus('<error xmlns="DAV:"/>')).toThrow(MalformedXmlError);
  });

  it("escapes hrefs in a multiget body, so a name cannot add elements", () => {
    const body = multigetBody([[DAV, "getetag"]], ["/cal/a&b<c>.ics"]);
    expect(body).toContain("<d:href>/cal/a&amp;b&lt;c&gt;.ics</d:href>");
    const href = body.slice(body.indexOf("<d:href>"), body.indexOf("</d:href>") + "</d:href>".length);
    const [response] = parseMultistatus(
      `<d:multistatus xmlns:d="DAV:"><d:response>${href}</d:response></d:multistatus>`,
    );
    expect(response?.href).toBe("/cal/a&b<c>.ics");
  });
});
