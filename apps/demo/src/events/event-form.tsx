import { type FormEvent, type ReactElement, useEffect, useId, useRef, useState } from "react";
import { DemoApiError, type DemoEvent, type EventInput } from "../lib/api.ts";
import { fromLocalInput, nextHour, toLocalInput } from "./dates.ts";
import { browserZone, type Repeat, recurrenceOf, repeatOf, ZONES } from "./series.ts";

export interface EventFormProps {
  /** The event being edited; a new one otherwise. */
  event: DemoEvent | null;
  pending: boolean;
  error: Error | null;
  onSubmit: (input: EventInput) => void;
  onCancel?: () => void;
}

function fieldError(error: Error | null, path: string): string | undefined {
  return error instanceof DemoApiError ? error.errors.find((item) => item.path === path)?.message : undefined;
}

/** Title, start, end, location, repeat and time zone of one event. */
export function EventForm({ event, pending, error, onSubmit, onCancel }: EventFormProps): ReactElement {
  const id = useId();
  const initial = event ?? { title: "", location: null, ...nextHour() };
  const [title, setTitle] = useState(initial.title);
  const [start, setStart] = useState(toLocalInput(initial.start));
  const [end, setEnd] = useState(toLocalInput(initial.end));
  const [location, setLocation] = useState(initial.location ?? "");
  const initialRepeat = event === null ? { repeat: "none" as Repeat, count: 6 } : repeatOf(event);
  const [repeat, setRepeat] = useState<Repeat>(initialRepeat.repeat);
  const [count, setCount] = useState(String(initialRepeat.count));
  const zones = [...new Set([browserZone(), ...ZONES])];
  const [timeZone, setTimeZone] = useState(event?.timeZone ?? browserZone());
  const [localError, setLocalError] = useState<string | null>(null);
  const titleInput = useRef<HTMLInputElement>(null);
  const editing = event !== null;
  // Edit was pressed: the form it opened takes focus.
  useEffect(() => {
    if (editing) titleInput.current?.focus();
  }, [editing]);

  const submit = (submitted: FormEvent<HTMLFormElement>): void => {
    submitted.preventDefault();
    const startISO = fromLocalInput(start);
    const endISO = fromLocalInput(end);
    const problem =
      startISO === null || endISO === null
        ? "Enter a start and an end."
        : endISO <= startISO
          ? "The end must be after the start."
          : repeat !== "none" && !(Number(count) >= 2 && Number(count) <= 52)
            ? "A series repeats 2 to 52 times."
            : null;
    setLocalError(problem);
    if (problem !== null || startISO === null || endISO === null) return;
    onSubmit({
      title: title.trim(),
      start: startISO,
      end: endISO,
      location: location.trim() || null,
      timeZone,
      recurrence: recurrenceOf(repeat, Number(count)),
    });
  };

  const rangeError = localError ?? fieldError(error, "end");
  const titleError = fieldError(error, "title");
  const otherError =
    error && !rangeError && !titleError ? `Could not save the event: ${error.message}` : undefined;
  const heading = event ? `Edit “${event.title}”` : "New event";
  return (
    <form
      onSubmit={submit}
      aria-labelledby={`${id}-heading`}
      className="app-card flex flex-col gap-4 p-4"
      noValidate
    >
      <h2 id={`${id}-heading`} className="font-semibold text-sm">
        {heading}
      </h2>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-[2fr_1fr_1fr]">
        <label className="flex flex-col gap-1.5 text-sm">
          <span className="font-medium">Title</span>
          <input
            className="app-input"
            value={title}
            required
            maxLength={200}
            ref={titleInput}
            onChange={(change) => setTitle(change.target.value)}
            aria-invalid={titleError ? true : undefined}
            aria-describedby={titleError ? `${id}-title-error` : undefined}
          />
          {titleError ? (
            <span id={`${id}-title-error`} className="text-danger text-xs">
              {titleError}
            </span>
          ) : null}
        </label>
        <label className="flex flex-col gap-1.5 text-sm">
          <span className="font-medium">Starts</span>
          <input
            className="app-input"
            type="datetime-local"
            value={start}
            required
            onChange={(change) => setStart(change.target.value)}
          />
        </label>
        <label className="flex flex-col gap-1.5 text-sm">
          <span className="font-medium">Ends</span>
          <input
            className="app-input"
            type="datetime-local"
            value={end}
            required
            onChange={(change) => setEnd(change.target.value)}
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? `${id}-range-error` : undefined}
          />
        </label>
      </div>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-[2fr_1fr_1fr_1fr]">
        <label className="flex flex-col gap-1.5 text-sm">
          <span className="font-medium">
            Location <span className="font-normal text-muted">(optional)</span>
          </span>
          <input
            className="app-input"
            value={location}
            maxLength={200}
            onChange={(change) => setLocation(change.target.value)}
          />
        </label>
        <label className="flex flex-col gap-1.5 text-sm">
          <span className="font-medium">Repeats</span>
          <select
            className="app-input"
            value={repeat}
            onChange={(change) => setRepeat(change.target.value as Repeat)}
          >
            <option value="none">Does not repeat</option>
            <option value="DAILY">Every day</option>
            <option value="WEEKLY">Every week</option>
            <option value="MONTHLY">Every month</option>
          </select>
        </label>
        <label className="flex flex-col gap-1.5 text-sm">
          <span className="font-medium">Times</span>
          <input
            className="app-input"
            type="number"
            min={2}
            max={52}
            value={count}
            disabled={repeat === "none"}
            onChange={(change) => setCount(change.target.value)}
          />
        </label>
        <label className="flex flex-col gap-1.5 text-sm">
          <span className="font-medium">Time zone</span>
          <select
            className="app-input"
            value={timeZone}
            onChange={(change) => setTimeZone(change.target.value)}
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, " ")}
              </option>
            ))}
          </select>
        </label>
      </div>
      {rangeError ? (
        <p id={`${id}-range-error`} role="alert" className="text-danger text-sm">
          {rangeError}
        </p>
      ) : null}
      {otherError ? (
        <p role="alert" className="text-danger text-sm">
          {otherError}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="submit" className="app-btn app-btn-primary" disabled={pending}>
          {pending ? "Saving…" : event ? "Save changes" : "Add event"}
        </button>
        {onCancel ? (
          <button type="button" className="app-btn" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
