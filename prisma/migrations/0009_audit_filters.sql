-- The audit page filters by person and by action and pages by id (keyset,
-- newest first; lib/store/audit.ts). These indexes keep a filtered page and
-- the filters' list of choices cheap however long the log grows: without
-- them a rare action or person means walking the whole log backwards.
CREATE INDEX IF NOT EXISTS audit_log_action_id_idx ON howdah.audit_log (action, id DESC);
CREATE INDEX IF NOT EXISTS audit_log_actor_id_idx ON howdah.audit_log (actor_acct, id DESC);
CREATE INDEX IF NOT EXISTS audit_log_target_type_id_idx ON howdah.audit_log (target_type, id DESC);
