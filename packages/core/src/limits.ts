/** Upper bounds shared by the server's validation and the UI's forms, so both refuse the same input. */
export const LIMITS = {
  /** Request bodies larger than this are refused before parsing. */
  maxBodyBytes: 64 * 1024,
  id: 128,
  calendarId: 1024,
  name: 256,
  email: 320,
  message: 2000,
  returnTo: 2048,
  oauthParam: 4096,
  scope: 256,
  scopes: 64,
  url: 4096,
} as const;
