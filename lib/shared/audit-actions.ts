/**
 * Every action Howdah writes to its audit log, with the name people read on
 * the audit page and in the CSV export. `recordAudit` takes only these keys
 * (lib/store/audit.ts), so a new audited flow cannot land without a name.
 * Keys are stored as they are; names may be reworded at any time.
 */
export const AUDIT_ACTIONS = {
  sign_in: "Signed in to Howdah",
  sign_out: "Signed out of Howdah",
  session_ended: "A Howdah session was ended (password, role or login changed in Mastodon)",
  "sidekiq.retry_job": "Retried a Sidekiq job",
  "sidekiq.delete_job": "Deleted a Sidekiq job",
  "sidekiq.enqueue_job": "Moved a scheduled Sidekiq job to its queue now",
  "sidekiq.kill_job": "Killed a Sidekiq job (moved it to the dead set)",
  "sidekiq.quiet_process": "Quieted a Sidekiq process",
  "sidekiq.stop_process": "Stopped a Sidekiq process",
  "sidekiq.retry_all": "Retried every job in the retry set",
  "sidekiq.delete_all_dead": "Deleted every dead job",
  "queues.update_alert_thresholds": "Changed the queue alert thresholds",
  "relay.create": "Added a relay",
  "relay.enable": "Enabled a relay",
  "relay.disable": "Disabled a relay",
  "relay.destroy": "Removed a relay",
  "status.incident.create": "Opened an incident",
  "status.maintenance.create": "Scheduled maintenance",
  "status.incident.update": "Posted an incident update",
  "status.incident.edit": "Edited an incident or maintenance",
  "status.incident.edit_update": "Reworded an incident update",
  "status.incident.delete": "Deleted an incident or maintenance",
  "alerts.contact_point.create": "Added an alert contact point",
  "alerts.contact_point.delete": "Removed an alert contact point",
  "alerts.contact_point.test": "Sent a test alert",
  "alerts.policy.update": "Changed the alert pending period and repeat interval",
  "alerts.rules.update": "Changed the alert rules' thresholds",
  "alerts.silence.create": "Silenced alerts",
  "alerts.silence.end": "Ended an alert silence",
  "storage.capacity.update": "Set the storage capacity",
  "audit.export": "Exported the audit log",
  "domain_block.create": "Blocked a domain",
  "domain_block.upgrade": "Made a domain block stricter (through the create form)",
  "domain_block.update": "Changed a domain block",
  "domain_block.destroy": "Removed a domain block",
  "domain_block.export": "Exported the domain blocks",
  "domain_block.batch_apply": "Applied a batch of domain blocks (an import)",
  "domain_block.batch_rollback": "Rolled back a batch of domain blocks",
  "blocklist.source_create": "Subscribed to a blocklist",
  "blocklist.source_update": "Changed a blocklist subscription",
  "blocklist.source_delete": "Unsubscribed from a blocklist",
  "blocklist.settings_update": "Changed how subscribed blocklists are merged",
  "blocklist.changes_apply": "Applied changes from subscribed blocklists",
  "blocklist.changes_auto_apply": "Applied changes from subscribed blocklists automatically (a source's rule)",
  "blocklist.changes_dismiss": "Dismissed changes from subscribed blocklists",
  "domain_allow.create": "Allowed a domain (limited federation mode)",
  "domain_allow.destroy": "Removed a domain allow",
  "retention.update_settings": "Changed Mastodon's retention settings",
  "retention.run_vacuum": "Ran Mastodon's cleanup (Scheduler::VacuumScheduler) now",
  "report.assign_to_self": "Assigned a report to themselves",
  "report.unassign": "Unassigned a report",
  "report.resolve": "Resolved a report",
  "report.reopen": "Reopened a report",
  "report.note": "Added a note to a report",
  "report.warn": "Warned a reported account",
  "report.sensitive": "Marked a reported account as sensitive",
  "report.silence": "Limited a reported account",
  "report.suspend": "Suspended a reported account",
  "report.disable": "Froze a reported account",
  "report.unsilence": "Lifted a reported account's limit",
  "report.unsensitive": "Lifted a reported account's sensitive mark",
  "report.unsuspend": "Unsuspended a reported account",
  "report.enable": "Unfroze a reported account",
  "report.delete_statuses": "Deleted a report's posts",
  "report.mark_statuses_sensitive": "Marked a report's posts as sensitive",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(key: string): key is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, key);
}

/** The readable name; a key written by another Howdah version is made readable rather than shown raw. */
export function auditActionName(key: string): string {
  if (isAuditAction(key)) return AUDIT_ACTIONS[key];
  const words = key.replaceAll(/[._]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Names of audited object types, as the target filter offers them. */
const TARGET_TYPES: Record<string, string> = {
  user: "User",
  DomainBlock: "Domain block",
  BlocklistSource: "Blocklist subscription",
  blocklist_changes: "Blocklist changes",
  sidekiq_job: "Sidekiq job",
  sidekiq_set: "Sidekiq set",
  sidekiq_process: "Sidekiq process",
  Relay: "Relay",
  queue_alert_settings: "Queue alert settings",
  incident: "Incident",
  storage_capacity: "Storage capacity",
  retention_settings: "Retention settings",
  vacuum: "Mastodon's cleanup",
  Report: "Report",
};

export function auditTargetTypeName(type: string): string {
  return TARGET_TYPES[type] ?? type.replaceAll("_", " ");
}
