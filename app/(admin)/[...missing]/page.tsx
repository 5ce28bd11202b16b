import { notFound } from "next/navigation";

/**
 * Any address no page matches, for signed-in staff: the 404 inside the shell
 * (Next would otherwise render its bare root 404, outside the shell).
 */
export default function MissingPage() {
  notFound();
}
