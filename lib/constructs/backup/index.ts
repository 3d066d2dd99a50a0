export * from './naming';
export * from './vault';
export * from './four-tier-plan';
