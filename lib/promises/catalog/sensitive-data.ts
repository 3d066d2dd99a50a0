import type { ControlEntry } from '../types';
import { Q } from './quotes';

/** Personal data where it should not be: DETECT-SENSITIVE-DATA (Amazon Macie). */
export const SENSITIVE_DATA: readonly ControlEntry[] = [
  {
    id: 'DETECT-SENSITIVE-DATA',
    title: 'Amazon Macie looks for personal data where it should not be, in every account and region holding data buckets',
    status: 'partial',
    policy: [Q.minimization, Q.detection247],
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-account-baseline', 'aws-tenant'] },
    realisation: {
      summary:
        'Data minimization needs a way to find personal data that was stored where it should not be (a log, an export, the wrong ' +
        'bucket). Every account and region where Rampart places a bucket gets one Amazon Macie session (AWS::Macie::Session, Status ' +
        'ENABLED, recurring findings published every 15 minutes, the shortest interval), built by the one stack holding the account ' +
        'watch there (platform, enclave or account baseline; tenants in those accounts are covered by it): Macie inventories every ' +
        'bucket and reports policy findings (a bucket made public, unencrypted or shared) from the first deploy. Macie findings are ' +
        'routed like every finding (DETECT): High to the alert and page topics, Medium to the digest, under the alerts key. Looking ' +
        "inside the objects is Macie's automated sensitive data discovery, which no CloudFormation type can turn on: it is a " +
        'first-deploy step (README), and the AWS Config managed rule MACIE_AUTO_SENSITIVE_DATA_DISCOVERY_CHECK reports it off, which ' +
        'pages.',
      code: [
        'lib/promises/sensitive-data.ts',
        'lib/constructs/detection/sensitive-data-discovery.ts',
        'lib/constructs/detection/account-watch.ts',
        'lib/verify/aws/sensitive-data.ts',
      ],
    },
    tests: ['test/constructs/detection/sensitive-data-discovery.test.ts', 'test/verify/aws-sensitive-data-weakenings.test.ts'],
    limits: [
      'The evidence verifier checks, for every stack holding an S3 bucket, that its account and region have exactly one Macie session ' +
        'in the assembly and that it is ENABLED; and, in every stack with a session, that Macie High findings reach an encrypted topic ' +
        'with an https subscription and Medium ones an encrypted topic with a subscription, and that AWS Config checks automated ' +
        'discovery where it offers the rule.',
      'In the regions where AWS Config does not offer MACIE_AUTO_SENSITIVE_DATA_DISCOVERY_CHECK (lib/promises/sensitive-data.ts), no ' +
        'rule reports discovery off; the first-deploy step is the only guard there. The rule is NOT_APPLICABLE in member accounts of an ' +
        "organization's Macie administrator, which enables discovery for them.",
      "Macie reads an object under a customer-managed key only where the key policy admits its service-linked role: Rampart's data " +
        "keys admit every principal of the account through S3, but a pooled tenant's data key admits only the tenant's roles (ISOLATION), " +
        'so Macie reports those objects as unclassifiable, not as clean.',
    ],
    exceptions: [
      {
        id: 'DETECT-SENSITIVE-DATA-DISCOVERY-AFTER-DEPLOY',
        standing: true,
        covers: "Macie's automated sensitive data discovery (or classification jobs) in every account and region with a Macie session.",
        reason:
          'CloudFormation has AWS::Macie::Session, AllowList, CustomDataIdentifier, FindingsFilter and Member, but no type that runs a ' +
          "classification job or turns on automated sensitive data discovery (the session's AutomatedDiscoveryStatus is read-only): " +
          'until the first-deploy step (`aws macie2 update-automated-discovery-configuration --status ENABLED`, README) runs, Macie ' +
          "reports only on the buckets' settings, not on what they hold. The AWS Config rule makes a skipped step page.",
      },
    ],
  },
];
