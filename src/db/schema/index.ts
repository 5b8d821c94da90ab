export * from './tenants';
export * from './people';
export * from './auth';
export * from './audit';
export * from './jobs';
export * from './emails';
