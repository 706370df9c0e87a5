import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { installJsdomShims } from "../testing/jsdom.ts";

// Tests of the built package run under `@vitest-environment node`, where there is no DOM to shim.
if (typeof Element !== "undefined") installJsdomShims();

afterEach(() => {
  cleanup();
});
