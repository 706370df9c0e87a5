/**
 * Reads iCalendar text the way a subscribing calendar app does, with ical.js (an independent
 * implementation): the VTIMEZONEs it carries, each UID's master and its RECURRENCE-ID exceptions,
 * and the instances ical.js expands from them, in the time-zone corpus' notation.
 */
import ICAL from "ical.js";
import { instanceText } from "./tz-corpus.support.ts";

/** The instances of every event in `text` (by UID), at most `limit` each. */
export function instancesByUid(text: string, limit = 200): Map<string, string[]> {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zones = calendar.getAllSubcomponents("vtimezone");
  for (const zone of zones) ICAL.TimezoneService.register(zone);
  try {
    const byUid = new Map<string, ICAL.Component[]>();
    for (const vevent of calendar.getAllSubcomponents("vevent")) {
      const uid = String(vevent.getFirstPropertyValue("uid"));
      byUid.set(uid, [...(byUid.get(uid) ?? []), vevent]);
    }
    const result = new Map<string, string[]>();
    for (const [uid, components] of byUid) {
      const masterComponent = components.find((component) => !component.hasProperty("recurrence-id"));
      const master = new ICAL.Event(masterComponent ?? components[0]);
      for (const component of components) {
        if (component !== masterComponent) master.relateException(component);
      }
      const allDay = master.startDate.isDate;
      const text = (time: ICAL.Time): Date =>
        allDay ? new Date(`${time.toString()}T00:00:00Z`) : time.toJSDate();
      const instances: string[] = [];
      if (!master.isRecurring())
        instances.push(instanceText(text(master.startDate), text(master.endDate), allDay));
      else {
        const iterator = master.iterator();
        for (
          let next = iterator.next();
          next !== undefined && next !== null && instances.length < limit;
          next = iterator.next()
        ) {
          const details = master.getOccurrenceDetails(next);
          instances.push(instanceText(text(details.startDate), text(details.endDate), allDay));
        }
      }
      result.set(uid, instances.sort());
    }
    return result;
  } finally {
    for (const zone of zones) ICAL.TimezoneService.remove(String(zone.getFirstPropertyValue("tzid")));
  }
}
