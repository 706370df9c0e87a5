import { calendarConnectionsKeys } from "@org/calendar-connections-ui";
import {
  hashKey,
  type UseMutationResult,
  type UseQueryResult,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, type SessionInfo } from "./api.ts";
import { navigate } from "./router.tsx";

export const sessionKey = ["demo", "session"] as const;

export function useSession(): UseQueryResult<SessionInfo | null> {
  return useQuery({ queryKey: sessionKey, queryFn: api.session, staleTime: Number.POSITIVE_INFINITY });
}

/**
 * Signs in as a seeded user, then shows `to` without a reload: nothing the previous user saw (cached data, the
 * kit page's banners and dialogs) survives a change of user.
 */
export function useSignIn(): UseMutationResult<SessionInfo, Error, { email: string; to: string }> {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ email }) => api.signIn(email),
    onSuccess: (session, { to }) => {
      // The session first, so what shows it re-renders; then drop what the previous user loaded (what is on
      // screen loads again). The kit's queries are keyed by user (`cacheKey`) and stay apart by themselves.
      client.setQueryData(sessionKey, session);
      client.removeQueries({
        predicate: ({ queryHash, queryKey }) =>
          queryHash !== hashKey(sessionKey) && queryKey[0] !== calendarConnectionsKeys.root[0],
      });
      navigate(to, { replace: true });
    },
  });
}

/** Signs out and returns to the sign-in page. */
export function useSignOut(): UseMutationResult<void, Error, void> {
  return useMutation({
    mutationFn: api.signOut,
    onSuccess: () => window.location.assign("/sign-in"),
  });
}
