import "server-only";
import type { ServerContext } from "@/lib/server/context";
import type { CreateIncidentInput, IncidentEditInput, IncidentUpdateInput } from "./incident-input";
import {
  addIncidentUpdate,
  createIncident,
  deleteIncident,
  editIncident,
  editIncidentUpdate,
  listIncidents,
  type Actor,
  type AdminIncident,
} from "./incidents";
import { republishIncidents } from "./refresh";
import { notifySubscribers } from "./subscriptions";

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

/**
 * Mails the entry's newest update to confirmed e-mail subscribers, after the
 * answer to staff (a long list must not hold up the form); a failure is logged.
 */
function mailSubscribers(context: ServerContext, incident: AdminIncident): void {
  notifySubscribers(context, incident).catch((error: unknown) =>
    console.error(`[howdah status] update mails not sent: ${(error as Error).message}`),
  );
}

export async function openIncident(
  context: ServerContext,
  input: CreateIncidentInput,
  actor: Actor,
): Promise<AdminIncident> {
  const incident = await createIncident(await context.store(), input, actor);
  await publish(context);
  mailSubscribers(context, incident);
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
  mailSubscribers(context, incident);
  return incident;
}

export async function changeIncident(
  context: ServerContext,
  id: string,
  input: IncidentEditInput,
  actor: Actor,
): Promise<AdminIncident> {
  const incident = await editIncident(await context.store(), id, input, actor);
  await publish(context);
  return incident;
}

export async function rewordIncidentUpdate(
  context: ServerContext,
  id: string,
  updateId: string,
  body: string,
  actor: Actor,
): Promise<AdminIncident> {
  const incident = await editIncidentUpdate(await context.store(), id, updateId, body, actor);
  await publish(context);
  return incident;
}

export async function removeIncident(context: ServerContext, id: string, actor: Actor): Promise<{ deleted: string }> {
  const result = await deleteIncident(await context.store(), id, actor);
  await publish(context);
  return result;
}

export async function incidentsForStaff(context: ServerContext): Promise<{ incidents: AdminIncident[] }> {
  return { incidents: await listIncidents(await context.store()) };
}
