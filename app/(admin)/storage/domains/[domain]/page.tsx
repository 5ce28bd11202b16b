import { permanentRedirect } from "next/navigation";
import { dossierHref } from "@/lib/shared/dossier-href";

/** The storage page of one server is now part of its dossier. */
export default async function DomainStoragePage({ params }: { params: Promise<{ domain: string }> }) {
  const raw = (await params).domain;
  let domain = raw;
  try {
    domain = decodeURIComponent(raw);
  } catch {
    // An undecodable name goes on as typed; the dossier says what is wrong with it.
  }
  permanentRedirect(dossierHref(domain));
}
