let lastMs = 0;
let counter = 0;

function randomHex(bytes: number): string {
  const buffer = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(buffer, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * A new id: 32 lowercase hex characters, time-ordered (48-bit milliseconds, then a per-process
 * counter, then 64 random bits), so ids created later in one process sort later.
 */
export function newId(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else {
    counter = (counter + 1) % 0x10000;
  }
  return lastMs.toString(16).padStart(12, "0") + counter.toString(16).padStart(4, "0") + randomHex(8);
}
