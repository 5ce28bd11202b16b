import { LIMITED_FEDERATION_EXPLANATION } from "@/lib/relays/availability";

/** Shown for /relays in limited federation mode (the only way this page is not found). */
export default function RelaysNotFound() {
  return (
    <div className="max-w-xl space-y-2">
      <h1 className="text-2xl font-bold">Relays are not available</h1>
      <p>{LIMITED_FEDERATION_EXPLANATION}</p>
    </div>
  );
}
