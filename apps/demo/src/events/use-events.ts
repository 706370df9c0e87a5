import {
  type UseMutationResult,
  type UseQueryResult,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, type DemoEvent, type EventInput } from "../lib/api.ts";

export const eventsKey = ["demo", "events"] as const;

export function useEvents(): UseQueryResult<{ events: DemoEvent[] }> {
  return useQuery({ queryKey: eventsKey, queryFn: api.events });
}

export interface EventMutations {
  create: UseMutationResult<{ id: string }, Error, EventInput>;
  update: UseMutationResult<{ event: DemoEvent }, Error, { id: string; input: Partial<EventInput> }>;
  remove: UseMutationResult<void, Error, string>;
}

/** Create, edit and delete; each refreshes the list. */
export function useEventMutations(): EventMutations {
  const client = useQueryClient();
  const onSettled = (): Promise<void> => client.invalidateQueries({ queryKey: eventsKey });
  return {
    create: useMutation({ mutationFn: api.createEvent, onSettled }),
    update: useMutation({ mutationFn: ({ id, input }) => api.updateEvent(id, input), onSettled }),
    remove: useMutation({ mutationFn: api.deleteEvent, onSettled }),
  };
}
