import { DOMParser, type Element } from "@xmldom/xmldom";

/** The WebDAV namespace (RFC 4918). */
export const DAV = "DAV:";
/** The CalDAV namespace (RFC 4791). */
export const CALDAV = "urn:ietf:params:xml:ns:caldav";

/** A property by namespace and local name. */
export type PropertyName = readonly [namespace: string, local: string];

/** One `<response>` of a 207 Multi-Status: its href, and the properties found (200 propstats only). */
export interface DavResponse {
  readonly href: string;
  /** The response's own `<status>` (a multiget's 404 for a missing href), when it has one. */
  readonly status: number | null;
  /** Found properties by `namespace local`; a property the server answered 404 for is absent. */
  readonly props: ReadonlyMap<string, Element>;
}

/** Thrown for a body that is not well-formed XML or not a multistatus; callers classify it. */
export class MalformedXmlError extends Error {
  override readonly name = "MalformedXmlError";
}

const key = (namespace: string | null, local: string | null): string => `${namespace ?? ""} ${local ?? ""}`;

/** The element children of an element. */
export function elements(parent: Element): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE) found.push(node as Element);
  }
  return found;
}

/** The first element child with this namespace and local name, or null. */
export function child(parent: Element, namespace: string, local: string): Element | null {
  return elements(parent).find((el) => el.namespaceURI === namespace && el.localName === local) ?? null;
}

/** The trimmed text of an element. */
export function textOf(element: Element | null | undefined): string {
  return element?.textContent?.trim() ?? "";
}

/** The `<DAV:href>` text inside a property (`current-user-principal`, `calendar-home-set`), or null. */
export function hrefIn(property: Element | undefined): string | null {
  if (property === undefined) return null;
  const href = textOf(child(property, DAV, "href"));
  return href === "" ? null : href;
}

/** The property of a response by name, or undefined when the server did not answer it with 200. */
export function prop(response: DavResponse, [namespace, local]: PropertyName): Element | undefined {
  return response.props.get(key(namespace, local));
}

function statusCode(element: Element | null): number | null {
  const match = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(textOf(element));
  return match?.[1] === undefined ? null : Number(match[1]);
}

/**
 * Parses a 207 Multi-Status body with a namespace-aware DOM parser (servers choose any prefix, or a
 * default namespace, so matching on names like `d:href` would break on the next server).
 */
export function parseMultistatus(text: string): DavResponse[] {
  let root: Element | null;
  try {
    const parser = new DOMParser({
      onError: (level: string) => {
        if (level !== "warning") throw new MalformedXmlError("not well-formed XML");
      },
    });
    root = parser.parseFromString(text, "application/xml").documentElement;
  } catch {
    throw new MalformedXmlError("not well-formed XML");
  }
  if (root === null || root.namespaceURI !== DAV || root.localName !== "multistatus") {
    throw new MalformedXmlError("not a DAV:multistatus");
  }
  return elements(root)
    .filter((el) => el.namespaceURI === DAV && el.localName === "response")
    .map((response) => {
      const props = new Map<string, Element>();
      for (const propstat of elements(response)) {
        if (propstat.namespaceURI !== DAV || propstat.localName !== "propstat") continue;
        const status = statusCode(child(propstat, DAV, "status"));
        const container = child(propstat, DAV, "prop");
        if (container === null || status === null || status < 200 || status > 299) continue;
        for (const property of elements(container))
          props.set(key(property.namespaceURI, property.localName), property);
      }
      return {
        href: textOf(child(response, DAV, "href")),
        status: statusCode(child(response, DAV, "status")),
        props,
      };
    });
}

/** Escapes text for an XML element or attribute value. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const PREFIX: Readonly<Record<string, string>> = { [DAV]: "d", [CALDAV]: "c" };

function emptyElement([namespace, local]: PropertyName): string {
  return `<${PREFIX[namespace] ?? "d"}:${local}/>`;
}

const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>';
const NAMESPACES = `xmlns:d="${DAV}" xmlns:c="${CALDAV}"`;

/** A PROPFIND body asking for these properties. */
export function propfindBody(properties: readonly PropertyName[]): string {
  return `${XML_HEAD}<d:propfind ${NAMESPACES}><d:prop>${properties.map(emptyElement).join("")}</d:prop></d:propfind>`;
}

/** A `calendar-multiget` REPORT body (RFC 4791 §7.9) for these object hrefs. */
export function multigetBody(properties: readonly PropertyName[], hrefs: readonly string[]): string {
  const list = hrefs.map((href) => `<d:href>${escapeXml(href)}</d:href>`).join("");
  return `${XML_HEAD}<c:calendar-multiget ${NAMESPACES}><d:prop>${properties.map(emptyElement).join("")}</d:prop>${list}</c:calendar-multiget>`;
}
