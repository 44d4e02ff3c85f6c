export const NOTIFICATIONS_QUEUE = 'notifications';

/** Every job of the notifications queue. A delivery's job id is the delivery id, so it is queued at most once. */
export const NOTIFICATION_JOBS = {
  /** Sends the delivery named in the data; BullMQ retries it with backoff. */
  deliver: 'deliver',
  /** Queues again the deliveries PostgreSQL holds as pending but Redis lost. */
  sweep: 'sweep',
} as const;

export type NotificationJob =
  | { name: typeof NOTIFICATION_JOBS.deliver; data: { deliveryId: string } }
  | { name: typeof NOTIFICATION_JOBS.sweep; data: Record<string, never> };
