import type { EventLinkMethods } from "../aggregates.ts";
import type { EventLink, EventLinkInput } from "../types.ts";
import { linkKey, type MemoryState, owned } from "./state.ts";

/** Inserts or replaces the link of (connection, event), keeping `createdAt`. */
export function putLink(state: MemoryState, input: EventLinkInput, at: Date): EventLink {
  const key = linkKey(input.connectionId, input.eventId);
  const link: EventLink = {
    ...input,
    pending: input.pending ?? null,
    createdAt: state.links.get(key)?.createdAt ?? at,
    updatedAt: at,
  };
  state.links.set(key, link);
  return link;
}

/** The event links of the memory storage. */
export function memoryEventLinks(state: MemoryState): EventLinkMethods {
  const { links } = state;
  return {
    async getEventLink(organizationId, connectionId, eventId) {
      const link = links.get(linkKey(connectionId, eventId));
      return link && link.organizationId === organizationId ? link : null;
    },

    async upsertEventLink(input) {
      if (!owned(state, input.organizationId, input.connectionId)) return null;
      return putLink(state, input, state.now());
    },

    async markLinksToMove(organizationId, connectionId, calendars) {
      const marked: string[] = [];
      for (const [key, link] of links) {
        if (link.organizationId !== organizationId || link.connectionId !== connectionId) continue;
        const calendarId = link.calendarId ?? calendars.from;
        if ((calendarId ?? "") === calendars.to) continue;
        links.set(key, { ...link, calendarId, pending: "move", updatedAt: state.now() });
        marked.push(link.eventId);
      }
      return marked;
    },

    async listLinkedEventIds(organizationId, connectionId) {
      return [...links.values()]
        .filter((link) => link.organizationId === organizationId && link.connectionId === connectionId)
        .map((link) => link.eventId)
        .sort();
    },

    async deleteEventLink(organizationId, connectionId, eventId) {
      const key = linkKey(connectionId, eventId);
      const link = links.get(key);
      if (!link || link.organizationId !== organizationId) return false;
      links.delete(key);
      return true;
    },
  };
}
