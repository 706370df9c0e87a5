import { describeStorageConformance } from "../testing/conformance.ts";
import { createMemoryStorage } from "./memory.ts";

describeStorageConformance("memory", async (clock) => {
  const storage = createMemoryStorage({ now: clock.now });
  return { storage, openPeer: async () => storage, close: () => storage.close() };
});
