"use client";

import { createContext, useContext } from "react";

/** Mastodon's web address (https://<WEB_DOMAIN>) for links to its own admin pages inside the report views. */
const MastodonBase = createContext("");

export const MastodonBaseProvider = MastodonBase.Provider;

export function useMastodonBase(): string {
  return useContext(MastodonBase);
}
