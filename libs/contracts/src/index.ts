export * from './roles';
export * from './errors';
export * from './pagination';
export * from './auth';
export * from './audit';
export * from './integrations';
export * from './health';
