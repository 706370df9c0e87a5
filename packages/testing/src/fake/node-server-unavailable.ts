// What `#node-server` resolves to outside Node (a browser or worker bundle): the same signature, no
// node:http, so a bundle of the fakes builds; only `listen()` is unavailable there.
import type { ListenOptions, NodeServerHandle } from "./node-server.ts";

/** Refuses: serving over HTTP needs Node's node:http. Pass the fake's `handler` to the runtime instead. */
export async function listenNode(
  _handler: (request: Request) => Promise<Response>,
  _options: ListenOptions,
): Promise<NodeServerHandle> {
  throw new Error(
    "FakeProvider.listen() serves over node:http, which this runtime does not have; pass fake.handler to the runtime's own server.",
  );
}
