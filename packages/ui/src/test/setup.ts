import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { installJsdomShims } from "../testing/jsdom.ts";

installJsdomShims();

afterEach(() => {
  cleanup();
});
