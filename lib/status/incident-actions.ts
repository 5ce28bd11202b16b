import "server-only";
import type { ServerContext } from "@/lib/server/context";
import type { CreateIncidentInput, IncidentUpdateInput } from "./incident-input";
import { addIncidentUpdate, createIncident, listIncidents, type Actor, type AdminIncident } from "./incidents";
import { republishIncidents } from "./refresh";

/**
 * What the staff API does: change an incident, then publish the status
 * snapshot again so members see the change within seconds. The change itself
 * is committed and audited first; a failed publish is only logged, since the
 * status loop's next round (within 30 s) publishes it anyway.
 */
async function publish(context: ServerContext): Promise<void> {
  const store = await context.store();
  await republishIncidents(context, store).catch((error: unknown) =>
    console.error(`[howdah status] incident saved, snapshot not yet published: ${(error as Error).message}`),
  );
}

export async function openIncident(
  context: ServerContext,
  input: CreateIncidentInput,
  actor: Actor,
): Promise<AdminIncident> {
  const incident = await createIncident(await context.store(), input, actor);
  await publish(context);
  return incident;
}

export async function postIncidentUpdate(
  context: ServerContext,
  id: string,
  input: IncidentUpdateInput,
  actor: Actor,
): Promise<AdminIncident> {
  const incident = await addIncidentUpdate(await context.store(), id, input, actor);
  await publish(context);
  return incident;
}

export async function incidentsForStaff(context: ServerContext): Promise<{ incidents: AdminIncident[] }> {
  return { incidents: await listIncidents(await context.store()) };
}
