// Runs in a worker thread of lib/auth/password-hasher.ts (a plain .mjs file, so bare
// `node` loads it without a TypeScript loader or a bundler): bcrypt's ~100 ms of CPU
// per check is spent here, never on the web server's event loop.
import bcrypt from "bcryptjs";
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";

// The lowest CPU priority for this thread alone (on Linux, setpriority on a thread id
// applies to that thread): when cores are short, the event loop answering /status and
// staff pages goes first, and sign-in checks wait; the pool's queue limit bounds the wait.
try {
  const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
  if (Number.isInteger(threadId)) setPriority(threadId, 19);
} catch {
  // Not Linux, or no /proc: the thread keeps the process's priority.
}

export default function comparePassword({ password, hash }) {
  return bcrypt.compareSync(password, hash);
}
