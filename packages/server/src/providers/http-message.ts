/** A parsed HTTP/1.1 message inside a batch part: its start line, headers and body. */
export interface HttpMessage {
  readonly startLine: string;
  readonly headers: Headers;
  readonly body: string;
}

/** Splits an HTTP/1.1 message (`CRLF` or bare `LF` line ends) into start line, headers and body. */
export function parseHttpMessage(text: string): HttpMessage {
  const match = /\r?\n\r?\n/.exec(text);
  const head = match === null ? text : text.slice(0, match.index);
  const body = match === null ? "" : text.slice(match.index + match[0].length);
  const [startLine = "", ...lines] = head.split(/\r?\n/);
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return { startLine: startLine.trim(), headers, body };
}

/** The parts of a multipart body (RFC 2046), without the preamble and epilogue; each part's raw text. */
export function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  const chunks = body.split(delimiter);
  // chunks[0] is the preamble; a chunk starting with "--" is the close delimiter's epilogue.
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith("--")) break;
    parts.push(chunk.replace(/^[ \t]*\r?\n/, "").replace(/\r?\n$/, ""));
  }
  return parts;
}

/** The `boundary` parameter of a multipart Content-Type, or null. */
export function boundaryOf(contentType: string | null): string | null {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  return match === null ? null : (match[1] ?? match[2] ?? null);
}
