-- Server-side sessions (issue 10). The session cookie (next-auth's encrypted
-- JWT) carries this row's id; every request checks the row, so a session can
-- be ended from the server: sign-out (everywhere the cookie was copied), a
-- password change, a disabled login or a role change in Mastodon, or the
-- absolute lifetime, which refreshing the cookie cannot extend.
CREATE TABLE IF NOT EXISTS howdah.sessions (
  id              text PRIMARY KEY,             -- random, 256 bits, base64url
  user_id         bigint NOT NULL,              -- Mastodon's users.id
  created_at      timestamptz(6) NOT NULL DEFAULT now(),
  expires_at      timestamptz(6) NOT NULL,      -- created_at + the lifetime; never moved
  revoked_at      timestamptz(6),
  revoked_reason  text,                         -- 'signed_out', 'password_changed', 'role_changed', ...
  -- HMAC (keyed with Howdah's secret) of users.encrypted_password at sign-in:
  -- a new password gives a new hash, and the password hash is not copied here.
  credential_hmac text NOT NULL,
  role_id         bigint                        -- users.role_id at sign-in; NULL is the everyone role
);
-- Pruning finds expired sessions by their expiry.
CREATE INDEX IF NOT EXISTS sessions_expires_at_idx ON howdah.sessions (expires_at);
