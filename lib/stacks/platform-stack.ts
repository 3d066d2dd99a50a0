import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { bucketName, keyAliasPrefix } from '../app/naming';
import { RampartConfig } from '../config/schema';
import { LogArchive } from '../constructs/audit/log-archive';
import { KeyRing } from '../constructs/keys/key-ring';

export interface PlatformStackProps extends StackProps {
  readonly config: RampartConfig;
  readonly account: string;
  readonly region: string;
}

/**
 * The shared platform of one account and region: its key ring and its log archive. Composition
 * only: every resource comes from a construct under lib/constructs.
 */
export class PlatformStack extends Stack {
  public readonly keys: KeyRing;
  public readonly logArchive: LogArchive;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, {
      ...props,
      env: { account: props.account, region: props.region },
      terminationProtection: true,
    });
    const { config, account, region } = props;
    this.keys = new KeyRing(this, 'Keys', { aliasPrefix: keyAliasPrefix(config) });
    this.logArchive = new LogArchive(this, 'LogArchive', {
      encryptionKey: this.keys.logs,
      bucketName: bucketName(config, account, region, 'logs'),
      accessLogsBucketName: bucketName(config, account, region, 'access-logs'),
    });
  }
}
