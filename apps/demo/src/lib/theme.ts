import { useCallback, useEffect, useState } from "react";

export type Theme = "light" | "dark";
const KEY = "demo-theme";

function systemTheme(): Theme {
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function storedTheme(): Theme | null {
  const value = window.localStorage.getItem(KEY);
  return value === "light" || value === "dark" ? value : null;
}

/** Light or dark: the user's choice when made, the system's otherwise. Sets `.dark` on <html>. */
export function useTheme(): { theme: Theme; setTheme: (theme: Theme) => void } {
  const [chosen, setChosen] = useState<Theme | null>(storedTheme);
  const [system, setSystem] = useState<Theme>(systemTheme);
  useEffect(() => {
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    const update = (): void => setSystem(query.matches ? "dark" : "light");
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);
  const theme = chosen ?? system;
  useEffect(() => {
    document.documentElement.classList.toggle("dark", theme === "dark");
  }, [theme]);
  const setTheme = useCallback((next: Theme) => {
    window.localStorage.setItem(KEY, next);
    setChosen(next);
  }, []);
  return { theme, setTheme };
}
