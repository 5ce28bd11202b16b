import "server-only";

// The status page's data types and labels live in lib/shared (the incident
// forms use them in the browser); the server code keeps importing them here.
export * from "@/lib/shared/status-types";
