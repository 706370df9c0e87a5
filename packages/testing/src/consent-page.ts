import { escapeHtml } from "./util.ts";

/** What the consent page shows and posts back. */
export interface ConsentPageInput {
  /** "Google" or "Microsoft". */
  readonly providerName: string;
  /** The client asking for access. */
  readonly clientId: string;
  /** Where the form posts. */
  readonly action: string;
  /** The accounts to choose from; the one matching `loginHint` is preselected, none without a hint. */
  readonly accounts: readonly { readonly email: string; readonly name: string }[];
  readonly loginHint: string | null;
  /** The scopes requested, each with a checkbox so a tester can grant fewer. */
  readonly scopes: readonly string[];
  /** The authorization request's parameters, carried through the form as hidden fields. */
  readonly hidden: readonly (readonly [string, string])[];
}

/** A plain, accessible HTML consent page with an account chooser and Allow / Deny buttons. */
export function renderConsentPage(input: ConsentPageInput): string {
  // Only the hinted account: preselecting the first would let a reconnect silently pick another account.
  const preselected = input.accounts.find((account) => account.email === input.loginHint)?.email;
  const accounts = input.accounts
    .map((account, index) => {
      const id = `account-${index}`;
      const checked = account.email === preselected ? " checked" : "";
      return `<div><input type="radio" id="${id}" name="account" value="${escapeHtml(account.email)}" required${checked}> <label for="${id}">${escapeHtml(account.name)} &lt;${escapeHtml(account.email)}&gt;</label></div>`;
    })
    .join("\n");
  const scopes = input.scopes
    .map((scope, index) => {
      const id = `scope-${index}`;
      return `<div><input type="checkbox" id="${id}" name="granted_scope" value="${escapeHtml(scope)}" checked> <label for="${id}">${escapeHtml(scope)}</label></div>`;
    })
    .join("\n");
  const hidden = input.hidden
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n");
  const noAccounts = input.accounts.length === 0 ? "<p>No accounts are signed in to this fake.</p>" : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in with ${escapeHtml(input.providerName)} (fake)</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}fieldset{margin:0 0 1rem;border:1px solid #ccc;border-radius:8px}button{font:inherit;padding:.5rem 1rem;margin-right:.5rem}</style>
</head>
<body>
<main>
<h1>Sign in with ${escapeHtml(input.providerName)}</h1>
<p><strong>${escapeHtml(input.clientId)}</strong> wants to access your ${escapeHtml(input.providerName)} account. This is a fake consent page for tests and demos.</p>
<form method="post" action="${escapeHtml(input.action)}">
${hidden}
<fieldset>
<legend>Choose an account</legend>
${noAccounts}${accounts}
</fieldset>
<fieldset>
<legend>Allow access to</legend>
${scopes}
</fieldset>
<button type="submit" name="decision" value="allow"${input.accounts.length === 0 ? " disabled" : ""}>Allow</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</form>
</main>
</body>
</html>
`;
}

/** A plain error page, shown when the request cannot be redirected back (bad client or redirect URI). */
export function renderErrorPage(providerName: string, error: string, description: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Error: ${escapeHtml(error)}</title></head>
<body><main><h1>${escapeHtml(providerName)}: ${escapeHtml(error)}</h1><p role="alert">${escapeHtml(description)}</p></main></body>
</html>
`;
}
