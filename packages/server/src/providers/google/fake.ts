import { createFakeGoogle, googleEndpoints } from "@org/calendar-connections-testing/fakes";
import type { DevelopmentFakeRecipe } from "../../development/recipe.ts";
import { google } from "./index.ts";

/** Google Calendar against the fake Google (consent page, tokens, Calendar API), for offline development. */
export const googleDevelopmentFake: DevelopmentFakeRecipe = {
  id: "google",
  createFake: createFakeGoogle,
  endpoints: googleEndpoints,
  provider: google,
};
