// Fails every test if React 19 slipped in: the point of this suite is the older React.
import { version } from "react";
import { version as domVersion } from "react-dom";
import { beforeAll, expect } from "vitest";

beforeAll(() => {
  expect(version).toMatch(/^18\.3\./);
  expect(domVersion).toMatch(/^18\.3\./);
});
