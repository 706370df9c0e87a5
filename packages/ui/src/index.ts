export { cn } from "./cn.ts";
export { STATUS_LABELS, StatusBadge, type StatusBadgeProps } from "./components/status-badge.tsx";
