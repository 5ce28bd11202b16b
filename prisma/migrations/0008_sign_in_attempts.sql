-- Sign-in attempts are reserved before the password is checked and refunded
-- when it was right (lib/store/sign-in-throttle.ts), so the column counts
-- attempts (failures plus those in flight), not failures alone. A third
-- scope, 'account_ip' (key "<e-mail> <address>"), counts one source's
-- attempts on one account. Rows whose window has passed are deleted as new
-- attempts come in; the index finds them.
ALTER TABLE howdah.sign_in_throttle RENAME COLUMN failures TO attempts;
CREATE INDEX IF NOT EXISTS sign_in_throttle_window_start_idx ON howdah.sign_in_throttle (window_start);
