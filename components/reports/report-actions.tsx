// placeholder: replaced by the actions helper's file at merge
"use client";

import { CARD_LINK } from "@/components/ui/link-styles";
import { useMastodonBase } from "./mastodon-base";

/** Until Howdah's own report actions land: the way to Mastodon's report page, where they are taken. */
export function ReportActions({ reportId }: { reportId: string }) {
  const base = useMastodonBase();
  return (
    <a className={CARD_LINK} href={`${base}/admin/reports/${encodeURIComponent(reportId)}`}>
      Act on this report on Mastodon
    </a>
  );
}
