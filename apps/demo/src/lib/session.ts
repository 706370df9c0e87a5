import {
  type UseMutationResult,
  type UseQueryResult,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, type SessionInfo } from "./api.ts";

export const sessionKey = ["demo", "session"] as const;

export function useSession(): UseQueryResult<SessionInfo | null> {
  return useQuery({ queryKey: sessionKey, queryFn: api.session, staleTime: Number.POSITIVE_INFINITY });
}

/** Signs in as a seeded user; everything cached for the previous one is dropped. */
export function useSignIn(): UseMutationResult<SessionInfo, Error, string> {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.signIn,
    onSuccess: (session) => {
      client.clear();
      client.setQueryData(sessionKey, session);
    },
  });
}

export function useSignOut(): UseMutationResult<void, Error, void> {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.signOut,
    onSuccess: () => {
      client.clear();
      client.setQueryData(sessionKey, null);
    },
  });
}
