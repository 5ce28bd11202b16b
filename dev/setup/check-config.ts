/**
 * `npm run dev` runs this before `next dev`, which prints "Ready" before it
 * loads anything of Howdah's: a bad configuration stops here, with the same
 * one sentence `npm start` and `npm run worker` print, and a non-zero exit.
 */
import { loadConfig } from "@/lib/config/load-config";
import { reportStartupFailure } from "@/lib/server/startup-failure";

try {
  loadConfig(process.env);
} catch (error) {
  reportStartupFailure(error);
}
