import { type ReactElement, useEffect } from "react";
import { LanguageProvider } from "./lib/language.tsx";
import { navigate, usePathname } from "./lib/router.tsx";
import { useSession } from "./lib/session.ts";
import { useTheme } from "./lib/theme.ts";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { matchRoute } from "./routes.tsx";
import { Shell } from "./shell/shell.tsx";

function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get("next");
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/events";
}

/** The dashboard: sign-in when signed out, otherwise the shell around the current page. */
export function App(): ReactElement | null {
  const pathname = usePathname();
  const session = useSession();
  const { theme, setTheme } = useTheme();
  const signedIn = session.data ?? null;

  useEffect(() => {
    if (session.isPending) return;
    if (signedIn === null && pathname !== "/sign-in") {
      const here = `${window.location.pathname}${window.location.search}`;
      navigate(`/sign-in?next=${encodeURIComponent(here)}`, { replace: true });
    } else if (signedIn !== null && (pathname === "/" || pathname === "/sign-in")) {
      navigate(pathname === "/sign-in" ? nextPath() : "/events", { replace: true });
    }
  }, [session.isPending, signedIn, pathname]);

  const route = matchRoute(pathname);
  useEffect(() => {
    document.title = `${signedIn === null ? "Sign in" : route.title} · Calendar connections demo`;
  }, [route.title, signedIn]);

  if (session.isPending) return null;
  if (signedIn === null || pathname === "/sign-in") return <SignInPage next={nextPath()} />;
  return (
    <LanguageProvider>
      <Shell
        session={signedIn}
        pathname={pathname}
        breadcrumbs={route.breadcrumbs}
        theme={theme}
        onThemeChange={setTheme}
      >
        {route.render(signedIn)}
      </Shell>
    </LanguageProvider>
  );
}
