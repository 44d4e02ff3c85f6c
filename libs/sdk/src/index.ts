export * from './client';
export * from './session-reporter';
export * from './live';
