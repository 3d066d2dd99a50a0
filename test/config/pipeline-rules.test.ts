import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { ConfigError } from '../../lib/config/errors';
import { DEFAULT_CONFIG_PATH, parseConfig } from '../../lib/config/loader';

const DEFAULT_DOC = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as { accounts: Record<string, string>; pipeline: Record<string, unknown> };

function linesOf(document: object): string[] {
  try {
    parseConfig(document);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.lines];
    throw error;
  }
  return [];
}

describe('config pipeline:', () => {
  test('GIVEN the default config THEN the pipeline resolves with its defaults', () => {
    const config = parseConfig(DEFAULT_DOC);
    expect(config.pipeline).toMatchObject({ canaryTenants: ['acme'], tenantsPerWave: 20, manualApproval: true, source: { branch: 'main' } });
    expect(config.accounts?.deployment).toBe('555555555555');
  });

  test('GIVEN pipeline: without accounts.deployment, an unknown canary and a bad ARN THEN every problem is named with its path at once', () => {
    const accounts = Object.fromEntries(Object.entries(DEFAULT_DOC.accounts).filter(([key]) => key !== 'deployment'));
    const pipeline = {
      ...DEFAULT_DOC.pipeline,
      canaryTenants: ['acme', 'nobody'],
      source: { ...(DEFAULT_DOC.pipeline.source as object), connectionArn: 'arn:aws:s3:::x' },
    };
    expect(linesOf({ ...DEFAULT_DOC, accounts, pipeline })).toEqual([
      'pipeline.source.connectionArn: expected a CodeConnections connection ARN such as "arn:aws:codeconnections:us-east-1:555555555555:connection/<uuid>", got "arn:aws:s3:::x"',
      'accounts.deployment: is required with pipeline: (the CI/CD account the pipeline runs in and deploys from, e.g. "555555555555")',
      'pipeline.canaryTenants[1]: names no tenant of tenants: (known: acme, globex, umbrella, initech), got "nobody"',
    ]);
  });

  test('GIVEN accounts.deployment equal to a workload account THEN it is refused with the reason', () => {
    expect(linesOf({ ...DEFAULT_DOC, accounts: { ...DEFAULT_DOC.accounts, deployment: '111111111111' } })).toEqual([
      'accounts.deployment: is also accounts.platform; the pipeline assumes every account\'s deploy role, so it runs in an account of its own, got "111111111111"',
    ]);
  });

  test('GIVEN more tenants per wave than CodePipeline can hold THEN it is refused', () => {
    expect(linesOf({ ...DEFAULT_DOC, pipeline: { ...DEFAULT_DOC.pipeline, tenantsPerWave: 24 } })).toEqual([
      'pipeline.tenantsPerWave: expected a whole number from 1 to 23, got 24',
    ]);
  });
});
