export const ALERTING_QUEUE = 'alerting';

/** The minute's alert work (staleness, windows, connectivity, resources, escalation), once across processes. */
export const EVALUATE_JOB = 'evaluate';
export const EVALUATE_EVERY_MS = 60_000;

/** Where the last scheduled evaluation's time is kept, for the monitoring status. */
export const lastEvaluationKey = (prefix: string) => `${prefix}:alerting:last-evaluation`;
