export * from './client';
export * from './session-reporter';
