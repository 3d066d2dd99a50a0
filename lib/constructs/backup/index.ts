export * from './vault';
export * from './four-tier-plan';
