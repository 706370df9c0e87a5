import { type UseMutationResult, type UseQueryResult, useMutation, useQuery } from "@tanstack/react-query";
import { api, type SessionInfo } from "./api.ts";

export const sessionKey = ["demo", "session"] as const;

export function useSession(): UseQueryResult<SessionInfo | null> {
  return useQuery({ queryKey: sessionKey, queryFn: api.session, staleTime: Number.POSITIVE_INFINITY });
}

/**
 * Signs in as a seeded user, then loads `to` afresh: nothing the previous user saw (cached data, the
 * kit page's banners and dialogs) survives a change of user.
 */
export function useSignIn(): UseMutationResult<SessionInfo, Error, { email: string; to: string }> {
  return useMutation({
    mutationFn: ({ email }) => api.signIn(email),
    onSuccess: (_session, { to }) => window.location.assign(to),
  });
}

/** Signs out and returns to the sign-in page. */
export function useSignOut(): UseMutationResult<void, Error, void> {
  return useMutation({
    mutationFn: api.signOut,
    onSuccess: () => window.location.assign("/sign-in"),
  });
}
