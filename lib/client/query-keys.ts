/** Every react-query key in one factory, so invalidation can never miss a spelling. */
export const queryKeys = {
  overview: () => ["overview"] as const,
  system: () => ["system"] as const,
  /** Prefix of every queue query: invalidate it after a job action. */
  queues: () => ["queues"] as const,
  queuesSummary: () => ["queues", "summary"] as const,
  queuesHistory: (range: string) => ["queues", "history", range] as const,
  queuesJobs: (params: { source: string; offset: number; limit: number; class: string; q: string; reverse: boolean }) =>
    ["queues", "jobs", params] as const,
  queuesJobPayload: (source: string, id: string) => ["queues", "jobs", "payload", source, id] as const,
  queuesBreakdown: (source: string) => ["queues", "breakdown", source] as const,
  queuesAlerts: () => ["queues", "alerts"] as const,
  queuesDaily: (range: string) => ["queues", "daily", range] as const,
  queuesMetrics: (period: string) => ["queues", "metrics", period] as const,
  incidents: () => ["incidents"] as const,
  alerting: () => ["alerting"] as const,
  /** Prefix of every storage query: invalidate it after changing the capacity. */
  storage: () => ["storage"] as const,
  storagePage: (range: string) => ["storage", "page", range] as const,
  storageDomain: (domain: string, range: string) => ["storage", "domain", domain, range] as const,
  /** Prefix of every relay query: invalidate it after a relay action. */
  relays: () => ["relays"] as const,
  relaysList: () => ["relays", "list"] as const,
  relaysTraffic: (range: string) => ["relays", "traffic", range] as const,
  relaysLoad: () => ["relays", "load"] as const,
  /** Prefix of every domain block query: invalidate it after a block is created, changed or removed. */
  domainBlocks: () => ["domain-blocks"] as const,
  domainBlocksList: (params: Record<string, string>) => ["domain-blocks", "list", params] as const,
  domainBlockImpact: (params: Record<string, string>) => ["domain-blocks", "impact", params] as const,
  blockBatches: () => ["domain-blocks", "batches"] as const,
  domainAllows: () => ["domain-blocks", "allows"] as const,
  domainAllowRemoval: (id: string) => ["domain-blocks", "allows", "removal", id] as const,
  blockBatch: (params: Record<string, string>) => ["domain-blocks", "batches", "one", params] as const,
  blockBatchRollback: (id: string) => ["domain-blocks", "batches", "rollback", id] as const,
  subscriptions: () => ["domain-blocks", "subscriptions"] as const,
  federationSummary: () => ["domain-blocks", "summary"] as const,
  /** Prefix of the retention page's queries: invalidate after a save or a run. */
  retention: () => ["retention"] as const,
  retentionSettings: () => ["retention", "settings"] as const,
  retentionVacuum: () => ["retention", "vacuum"] as const,
  /** Prefix of every report query: the report actions invalidate it after any change. */
  reports: () => ["reports"] as const,
  reportsQueue: (params: Record<string, string>) => ["reports", "queue", params] as const,
  report: (id: string) => ["reports", "one", id] as const,
  reportsFigures: () => ["reports", "figures"] as const,
};

/** Named polling intervals: live figures poll; react-query pauses them in hidden tabs. */
export const POLL = {
  live: 5_000,
  health: 15_000,
  slow: 60_000,
} as const;
