// The parts the page opens on demand, as their own entry so the page's first load (the main entry) carries none of
// them: the page loads each one with `import()` when it first opens it, a host that renders them itself imports
// them from here.
export {
  CalendarPicker,
  type CalendarPickerProps,
  type CalendarPickerState,
} from "./components/calendar-picker.tsx";
export {
  CalendarPickerDialog,
  type CalendarPickerDialogProps,
} from "./components/calendar-picker-dialog.tsx";
export {
  ConnectForm,
  type ConnectFormFieldErrors,
  type ConnectFormProps,
} from "./components/connect-form.tsx";
export { ConnectFormDialog, type ConnectFormDialogProps } from "./components/connect-form-dialog.tsx";
export { DisconnectDialog, type DisconnectDialogProps } from "./components/disconnect-dialog.tsx";
