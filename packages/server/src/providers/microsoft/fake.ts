import { createFakeMicrosoft, microsoftEndpoints } from "@org/calendar-connections-testing/fakes";
import type { DevelopmentFakeRecipe } from "../../development/recipe.ts";
import { microsoft } from "./index.ts";

/** Microsoft Outlook against the fake Microsoft (Entra ID consent and tokens, Graph), for offline development. */
export const microsoftDevelopmentFake: DevelopmentFakeRecipe = {
  id: "microsoft",
  createFake: createFakeMicrosoft,
  endpoints: (baseURL) => microsoftEndpoints(baseURL),
  provider: microsoft,
};
