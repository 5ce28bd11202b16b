import "server-only";
import { z } from "zod";
import { COMPONENT_IDS, IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from "@/lib/shared/status-types";

/**
 * What staff send to open an incident or plan maintenance, and to post an
 * update. Parsed by the route handlers (lib/http/route.ts) before anything is
 * written, so bad input changes nothing. lib/http/route.ts puts the field in
 * front of the message ("title: write one line members will read."), so
 * messages start in lower case and do not repeat the field's name.
 */
const title = z
  .string({ error: "write one line members will read." })
  .trim()
  .min(1, "write one line members will read.")
  .max(200, "keep the title under 200 characters.");

const body = z
  .string({ error: "write the message members will read." })
  .trim()
  .min(1, "write the message members will read.")
  .max(5000, "keep the message under 5,000 characters.");

const components = z
  .array(z.enum(COMPONENT_IDS, { error: "pick the affected parts from the list." }))
  .max(COMPONENT_IDS.length)
  .default([]);

const isoTime = (what: string) => z.iso.datetime({ offset: true, error: `give the ${what} as a date and time.` });

export const createIncidentInput = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("incident"),
      title,
      body,
      impact: z.enum(["minor", "major"], { error: "an incident's impact is minor or major." }).default("minor"),
      status: z
        .enum(INCIDENT_STATUSES, { error: "an incident is investigating, identified, monitoring or resolved." })
        .default("investigating"),
      components,
    }),
    z
      .object({
        kind: z.literal("maintenance"),
        title,
        body,
        impact: z.enum(IMPACTS, { error: "impact is none, minor or major." }).default("none"),
        status: z
          .enum(MAINTENANCE_STATUSES, { error: "maintenance is scheduled, in progress or completed." })
          .default("scheduled"),
        components,
        scheduledStart: isoTime("start"),
        scheduledEnd: isoTime("end"),
      })
      .refine((m) => Date.parse(m.scheduledEnd) > Date.parse(m.scheduledStart), {
        message: "the maintenance must end after it starts.",
        path: ["scheduledEnd"],
      }),
  ],
  { error: "say whether this is an incident or planned maintenance." },
);
export type CreateIncidentInput = z.infer<typeof createIncidentInput>;

export const incidentUpdateInput = z.object({
  status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES], { error: "pick the new status from the list." }),
  body,
  impact: z.enum(IMPACTS).optional(),
});
export type IncidentUpdateInput = z.infer<typeof incidentUpdateInput>;

export const incidentIdInput = z.object({ id: z.string().regex(/^\d{1,18}$/, "that is not an incident number.") });

/**
 * Editing an entry after publishing: any of its own fields (its updates are
 * reworded one by one, below). Whether a field fits the entry's kind (an
 * incident's impact is minor or major; only maintenance has a window) is
 * checked against the entry itself, in incidents.ts.
 */
export const incidentEditInput = z
  .object({
    title: title.optional(),
    impact: z.enum(IMPACTS, { error: "impact is none, minor or major." }).optional(),
    components: z
      .array(z.enum(COMPONENT_IDS, { error: "pick the affected parts from the list." }))
      .max(COMPONENT_IDS.length)
      .optional(),
    scheduledStart: isoTime("start").optional(),
    scheduledEnd: isoTime("end").optional(),
  })
  .refine((e) => Object.values(e).some((v) => v !== undefined), {
    message: "say what to change: the title, the impact, the affected parts or the window.",
  });
export type IncidentEditInput = z.infer<typeof incidentEditInput>;

export const incidentUpdateEditInput = z.object({ body });
export type IncidentUpdateEditInput = z.infer<typeof incidentUpdateEditInput>;

export const updateIdInput = z.object({
  updateId: z.string().regex(/^\d{1,18}$/, "that is not an update number."),
});
