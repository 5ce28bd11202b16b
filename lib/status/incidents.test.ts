import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HowdahError } from "@/lib/errors";
import type { Store } from "@/lib/store/connection";
import { createTestInstance, type TestInstance } from "@/dev/testing/test-instance";
import { createIncidentInput, incidentEditInput, incidentUpdateInput } from "./incident-input";
import {
  addIncidentUpdate,
  createIncident,
  deleteIncident,
  editIncident,
  editIncidentUpdate,
  getIncident,
  listIncidents,
  listPublicIncidents,
} from "./incidents";
import { republishIncidents } from "./refresh";

/** Incidents and maintenance: what staff may write, how an entry moves, what members see. */
const STAFF = { accountId: "42", acct: "admin" };

function problem(
  input: unknown,
  schema: {
    safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } };
  } = createIncidentInput,
): string {
  const parsed = schema.safeParse(input);
  expect(parsed.success).toBe(false);
  return parsed.error!.issues[0]!.message;
}

describe("incident input", () => {
  it("refuses bad input with one clear sentence", () => {
    expect(problem({ kind: "incident", title: "", body: "Something broke." })).toBe(
      "write one line members will read.",
    );
    expect(problem({ kind: "incident", title: "   ", body: "Something broke." })).toBe(
      "write one line members will read.",
    );
    expect(problem({ kind: "incident", body: "Something broke." })).toBe("write one line members will read.");
    expect(problem({ kind: "incident", title: "Down", body: "" })).toBe("write the message members will read.");
    expect(problem({ kind: "incident", title: "x".repeat(201), body: "b" })).toBe(
      "keep the title under 200 characters.",
    );
    expect(problem({ kind: "outage", title: "Down", body: "b" })).toBe(
      "say whether this is an incident or planned maintenance.",
    );
    expect(problem({ kind: "incident", title: "Down", body: "b", status: "scheduled" })).toBe(
      "an incident is investigating, identified, monitoring or resolved.",
    );
    expect(problem({ kind: "incident", title: "Down", body: "b", components: ["kitchen"] })).toBe(
      "pick the affected parts from the list.",
    );
    expect(
      problem({
        kind: "maintenance",
        title: "Upgrade",
        body: "b",
        scheduledStart: "tomorrow",
        scheduledEnd: "2030-01-01T10:00:00Z",
      }),
    ).toBe("give the start as a date and time.");
    expect(
      problem({
        kind: "maintenance",
        title: "Upgrade",
        body: "b",
        scheduledStart: "2030-01-01T10:00:00Z",
        scheduledEnd: "2030-01-01T09:00:00Z",
      }),
    ).toBe("the maintenance must end after it starts.");
    expect(problem({ status: "resolved", body: "" }, incidentUpdateInput)).toBe("write the message members will read.");
    expect(problem({ status: "fixed", body: "ok" }, incidentUpdateInput)).toBe("pick the new status from the list.");
  });

  it("fills the defaults", () => {
    expect(
      createIncidentInput.parse({ kind: "incident", title: " Slow timelines ", body: "Looking into it." }),
    ).toEqual({
      kind: "incident",
      title: "Slow timelines",
      body: "Looking into it.",
      impact: "minor",
      status: "investigating",
      components: [],
    });
  });
});

describe("the incident lifecycle", () => {
  let instance: TestInstance;
  let store: Store;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "howdah-incidents-"));
    instance = await createTestInstance("status_incidents", "4.6", {
      HOWDAH_STATUS_SNAPSHOT_FILE: path.join(dir, "snapshot.json"),
    });
    store = await instance.context.store();
  });
  afterAll(async () => {
    await instance?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const auditActions = async (target: string) =>
    (
      await store.pool.query<{ action: string; actor_acct: string }>(
        "SELECT action, actor_acct FROM howdah.audit_log WHERE target = $1 ORDER BY id",
        [target],
      )
    ).rows;

  it("moves an incident from investigating to resolved, then takes no more updates", async () => {
    const created = await createIncident(
      store,
      createIncidentInput.parse({
        kind: "incident",
        title: "Posts arrive late",
        body: "Federation is behind; we are looking.",
        components: ["federation"],
      }),
      STAFF,
    );
    expect(created).toMatchObject({
      status: "investigating",
      impact: "minor",
      components: ["federation"],
      resolvedAt: null,
      createdBy: "admin",
    });
    for (const status of ["identified", "monitoring", "investigating", "resolved"] as const) {
      await addIncidentUpdate(store, created.id, incidentUpdateInput.parse({ status, body: `Now ${status}.` }), STAFF);
    }
    const resolved = await getIncident(store, created.id);
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.updates.map((u) => u.status)).toEqual([
      "resolved",
      "investigating",
      "monitoring",
      "identified",
      "investigating",
    ]);

    const refused = await addIncidentUpdate(
      store,
      created.id,
      { status: "monitoring", body: "Back again?" },
      STAFF,
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HowdahError);
    expect((refused as HowdahError).status).toBe(409);
    expect((refused as HowdahError).message).toBe(
      "This incident is resolved and takes no more updates; open a new one if the problem is back.",
    );
    const after = await getIncident(store, created.id);
    expect(after.updates).toHaveLength(5);
    expect(after.status).toBe("resolved");

    expect((await auditActions(created.id)).map((r) => r.action)).toEqual([
      "status.incident.create",
      "status.incident.update",
      "status.incident.update",
      "status.incident.update",
      "status.incident.update",
    ]);
  });

  it("keeps incident and maintenance statuses apart, and 404s an unknown number", async () => {
    const incident = await createIncident(
      store,
      createIncidentInput.parse({ kind: "incident", title: "Login errors", body: "Some sign-ins fail." }),
      STAFF,
    );
    const wrong = await addIncidentUpdate(store, incident.id, { status: "completed", body: "Done." }, STAFF).catch(
      (e: unknown) => e,
    );
    expect((wrong as HowdahError).status).toBe(400);
    expect((wrong as HowdahError).message).toContain(
      "An incident can be investigating, identified, monitoring, resolved",
    );
    expect((await getIncident(store, incident.id)).updates).toHaveLength(1);
    const missing = await addIncidentUpdate(store, "999999", { status: "resolved", body: "x" }, STAFF).catch(
      (e: unknown) => e,
    );
    expect((missing as HowdahError).status).toBe(404);
  });

  it("plans maintenance with a window, and completes it", async () => {
    const start = new Date(Date.now() + 86_400_000);
    const end = new Date(start.getTime() + 3_600_000);
    const planned = await createIncident(
      store,
      createIncidentInput.parse({
        kind: "maintenance",
        title: "Database upgrade",
        body: "The server will be read-only for an hour.",
        scheduledStart: start.toISOString(),
        scheduledEnd: end.toISOString(),
        components: ["web", "database"],
      }),
      STAFF,
    );
    expect(planned).toMatchObject({
      kind: "maintenance",
      status: "scheduled",
      impact: "none",
      scheduledStart: start.toISOString(),
      scheduledEnd: end.toISOString(),
    });
    await addIncidentUpdate(store, planned.id, { status: "in_progress", body: "Started." }, STAFF);
    const done = await addIncidentUpdate(store, planned.id, { status: "completed", body: "All done." }, STAFF);
    expect(done.status).toBe("completed");
    const refused = await addIncidentUpdate(store, planned.id, { status: "in_progress", body: "Oops" }, STAFF).catch(
      (e: unknown) => e,
    );
    expect((refused as HowdahError).message).toBe(
      "This maintenance is completed and takes no more updates; open a new one if the problem is back.",
    );
  });

  it("shows members open entries and those closed in the last 14 days, without staff names", async () => {
    const old = await createIncident(
      store,
      createIncidentInput.parse({ kind: "incident", title: "Old outage", body: "Long ago.", status: "resolved" }),
      STAFF,
    );
    await store.pool.query(
      "UPDATE howdah.incidents SET resolved_at = now() - interval '20 days', " +
        "updated_at = now() - interval '20 days' WHERE id = $1",
      [old.id],
    );
    const visible = await listPublicIncidents(store);
    const titles = visible.map((i) => i.title);
    expect(titles).toContain("Login errors");
    expect(titles).toContain("Posts arrive late");
    expect(titles).toContain("Database upgrade");
    expect(titles).not.toContain("Old outage");
    expect(JSON.stringify(visible)).not.toContain("admin");
    expect((await listIncidents(store)).map((i) => i.title)).toContain("Old outage");

    const snapshot = await republishIncidents(instance.context, store);
    expect(snapshot.incidents.map((i) => i.title)).toEqual(titles);
    expect(snapshot.generatedAt).toBeNull();
  });

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => "accepted",
      (e: unknown) => `${(e as HowdahError).status} ${(e as HowdahError).message}`,
    );

  it("edits an entry after publishing, audited with old and new values, and refuses what does not fit", async () => {
    const created = await createIncident(
      store,
      createIncidentInput.parse({ kind: "incident", title: "Emial is late", body: "Looking.", components: ["web"] }),
      STAFF,
    );
    const edited = await editIncident(
      store,
      created.id,
      incidentEditInput.parse({ title: "E-mail is late", impact: "major", components: ["email"] }),
      STAFF,
    );
    expect(edited).toMatchObject({ title: "E-mail is late", impact: "major", components: ["email"] });
    const snapshot = await republishIncidents(instance.context, store);
    expect(snapshot.incidents.find((i) => i.id === created.id)).toMatchObject({ title: "E-mail is late" });
    const { rows } = await store.pool.query<{ action: string; details: Record<string, unknown> }>(
      "SELECT action, details FROM howdah.audit_log WHERE target = $1 ORDER BY id",
      [created.id],
    );
    expect(rows.map((r) => r.action)).toEqual(["status.incident.create", "status.incident.edit"]);
    expect(rows[1]!.details).toEqual({
      title: "E-mail is late",
      changed: {
        title: { from: "Emial is late", to: "E-mail is late" },
        impact: { from: "minor", to: "major" },
        components: { from: ["web"], to: ["email"] },
      },
    });

    // Nothing to change: nothing written, nothing audited.
    await editIncident(store, created.id, { title: "E-mail is late" }, STAFF);
    expect(await auditActions(created.id)).toHaveLength(2);

    // Bad input: one sentence, nothing changed.
    expect(incidentEditInput.safeParse({}).error?.issues[0]?.message).toBe(
      "say what to change: the title, the impact, the affected parts or the window.",
    );
    expect(incidentEditInput.safeParse({ title: " " }).error?.issues[0]?.message).toBe(
      "write one line members will read.",
    );
    expect(await refusal(editIncident(store, created.id, { impact: "none" }, STAFF))).toBe(
      "400 impact: an incident's impact is minor or major.",
    );
    expect(await refusal(editIncident(store, created.id, { scheduledStart: "2030-01-01T10:00:00Z" }, STAFF))).toBe(
      "400 Only planned maintenance has a window; an incident has none.",
    );
    expect(await refusal(editIncident(store, "987654", { title: "x" }, STAFF))).toBe(
      "404 There is no incident number 987654.",
    );
    const maintenance = await createIncident(
      store,
      createIncidentInput.parse({
        kind: "maintenance",
        title: "Upgrade",
        body: "We upgrade.",
        scheduledStart: "2030-01-01T10:00:00Z",
        scheduledEnd: "2030-01-01T11:00:00Z",
      }),
      STAFF,
    );
    expect(await refusal(editIncident(store, maintenance.id, { scheduledEnd: "2030-01-01T09:00:00Z" }, STAFF))).toBe(
      "400 scheduledEnd: the maintenance must end after it starts.",
    );
    const moved = await editIncident(store, maintenance.id, { scheduledEnd: "2030-01-01T12:00:00Z" }, STAFF);
    expect(moved.scheduledEnd).toBe("2030-01-01T12:00:00.000Z");
    expect(await getIncident(store, created.id)).toMatchObject({ title: "E-mail is late", impact: "major" });
  });

  it("rewords an update, keeping its status and time, with both texts in the audit log", async () => {
    const created = await createIncident(
      store,
      createIncidentInput.parse({ kind: "incident", title: "Slow timelines", body: "We are lookign." }),
      STAFF,
    );
    const first = created.updates[0]!;
    const reworded = await editIncidentUpdate(store, created.id, first.id, "We are looking.", STAFF);
    expect(reworded.updates[0]).toMatchObject({ id: first.id, status: first.status, at: first.at });
    expect(reworded.updates[0]!.body).toBe("We are looking.");
    const { rows } = await store.pool.query<{ action: string; details: Record<string, unknown> }>(
      "SELECT action, details FROM howdah.audit_log WHERE target = $1 ORDER BY id",
      [created.id],
    );
    expect(rows.at(-1)).toEqual({
      action: "status.incident.edit_update",
      details: { title: "Slow timelines", update: first.id, from: "We are lookign.", to: "We are looking." },
    });
    expect(await refusal(editIncidentUpdate(store, created.id, "999999", "x", STAFF))).toBe(
      `404 Incident number ${created.id} has no update number 999999.`,
    );
  });

  it("deletes an entry and its updates, gone from the page, kept in the audit log", async () => {
    const created = await createIncident(
      store,
      createIncidentInput.parse({ kind: "incident", title: "Posted twice", body: "Oops." }),
      STAFF,
    );
    await addIncidentUpdate(store, created.id, { status: "identified", body: "Found it." }, STAFF);
    expect((await republishIncidents(instance.context, store)).incidents.map((i) => i.id)).toContain(created.id);
    expect(await deleteIncident(store, created.id, STAFF)).toEqual({ deleted: created.id });
    expect(await refusal(getIncident(store, created.id))).toBe(`404 There is no incident number ${created.id}.`);
    const { rows: left } = await store.pool.query("SELECT 1 FROM howdah.incident_updates WHERE incident_id = $1", [
      created.id,
    ]);
    expect(left).toHaveLength(0);
    expect((await republishIncidents(instance.context, store)).incidents.map((i) => i.id)).not.toContain(created.id);
    const { rows } = await store.pool.query<{ action: string; details: Record<string, unknown> }>(
      "SELECT action, details FROM howdah.audit_log WHERE target = $1 ORDER BY id",
      [created.id],
    );
    expect(rows.at(-1)).toEqual({
      action: "status.incident.delete",
      details: { title: "Posted twice", kind: "incident", status: "identified", updates: 2 },
    });
    expect(await refusal(deleteIncident(store, created.id, STAFF))).toBe(
      `404 There is no incident number ${created.id}.`,
    );
  });
});
