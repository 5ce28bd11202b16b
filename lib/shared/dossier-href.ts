/** Where a remote server's dossier lives: every place that names a domain links here. */
export const dossierHref = (domain: string): string => `/federation/domains/${encodeURIComponent(domain)}`;
