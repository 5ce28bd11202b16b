// Runs in a worker thread of lib/auth/password-hasher.ts (a plain .mjs file, so bare
// `node` loads it without a TypeScript loader or a bundler): bcrypt's ~100 ms of CPU
// per check is spent here, never on the web server's event loop.
import bcrypt from "bcryptjs";

export default function comparePassword({ password, hash }) {
  return bcrypt.compareSync(password, hash);
}
