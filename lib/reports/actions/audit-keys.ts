import "server-only";
import type { ActionKey } from "@/lib/shared/report-actions";
import type { AuditAction } from "@/lib/shared/audit-actions";

/** Howdah's audit key for each report action (named in lib/shared/audit-actions.ts). */
export const AUDIT_KEY: Record<Exclude<ActionKey, "warning_preset">, AuditAction> = {
  assign_to_self: "report.assign_to_self",
  unassign: "report.unassign",
  resolve: "report.resolve",
  reopen: "report.reopen",
  note: "report.note",
  warn: "report.warn",
  sensitive: "report.sensitive",
  silence: "report.silence",
  suspend: "report.suspend",
  disable: "report.disable",
  unsilence: "report.unsilence",
  unsensitive: "report.unsensitive",
  unsuspend: "report.unsuspend",
  enable: "report.enable",
  delete_statuses: "report.delete_statuses",
  mark_statuses_sensitive: "report.mark_statuses_sensitive",
};
