import "server-only";

/**
 * One line when a service stops answering and one when it is back, however
 * many times the failing thing is retried in between: a Redis outage must
 * not write a stack trace per reconnection attempt (hundreds a minute) and
 * bury the line that says what is wrong.
 */
export interface OutageLog {
  /** Something failed; logged only when it is the first failure since the last success. */
  failed(why: string): void;
  /** It works (again); logs the recovery when a failure was logged before. */
  recovered(): void;
  readonly down: boolean;
}

export function outageLog(
  what: string,
  log: (line: string) => void = console.error,
  now: () => number = Date.now,
): OutageLog {
  let since: number | null = null;
  let failures = 0;
  return {
    failed(why) {
      failures++;
      if (since !== null) return;
      since = now();
      log(`${what} is failing: ${why}. Retrying quietly until it works again.`);
    },
    recovered() {
      if (since === null) return;
      const seconds = Math.round((now() - since) / 1000);
      since = null;
      log(`${what} works again after ${seconds} s (${failures} ${failures === 1 ? "failure" : "failures"}).`);
      failures = 0;
    },
    get down() {
      return since !== null;
    },
  };
}
