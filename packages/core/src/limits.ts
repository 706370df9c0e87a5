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
  /** A provider's inline SVG mark. */
  iconSvg: 16 * 1024,
  /** Fields of one provider's connect form. */
  formFields: 20,
  /** One value an admin types into a connect form (a service-account key, a password). */
  formValue: 16 * 1024,
} as const;
