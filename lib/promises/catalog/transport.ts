import type { ControlEntry } from '../types';
import { Q } from './quotes';

/** Encryption in transit: TLS-EDGE, TLS-HOPS. */
export const TRANSPORT: readonly ControlEntry[] = [
  {
    id: 'TLS-EDGE',
    title: 'Every connection from outside is encrypted with TLS at the published versions',
    status: 'enforced',
    policy: [Q.tls13, Q.https, Q.jamEncryption],
    numbers: (policy) => ({ minimum: policy.tls.minimum, preferred: policy.tls.preferred }),
    appliesTo: { kinds: ['aws-platform', 'aws-enclave', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        "The public ALB and the enclave's private NLB accept only ELB TLS policies that offer the preferred version with the minimum as " +
        'floor (ELBSecurityPolicy-TLS13-1-2-2021-06 by default), with ACM certificates; plain HTTP only answers with a permanent ' +
        'redirect. Buckets deny plain HTTP and older TLS, SNS topics deny plain HTTP. On Google Cloud the HTTPS proxy uses an SSL policy ' +
        'with the minimum version and a MODERN or RESTRICTED profile, HTTP only redirects, and responses carry HSTS.',
      code: [
        'lib/constructs/edge/tls-policy.ts',
        'lib/constructs/edge/public-ingress.ts',
        'lib/constructs/edge/private-ingress.ts',
        'lib/constructs/storage/secure-bucket.ts',
        'lib/gcp/constructs/edge.ts',
      ],
    },
    packRules: [
      'HIPAA.Security-ALBHttpToHttpsRedirection',
      'NIST.800.53.R5-ALBHttpToHttpsRedirection',
      'PCI.DSS.321-ALBHttpToHttpsRedirection',
      'HIPAA.Security-ELBv2ACMCertificateRequired',
      'AwsSolutions-S10',
      'HIPAA.Security-S3BucketSSLRequestsOnly',
      'AwsSolutions-SNS3',
    ],
    tests: [
      'test/nag/rules/HttpsListenerTls13.test.ts',
      'test/constructs/edge/edge.test.ts',
      'test/constructs/edge/private-ingress.test.ts',
      'test/constructs/storage/secure-bucket.test.ts',
      'test/gcp/policy-suite.test.ts',
    ],
    limits: [
      "On Google Cloud an SSL policy sets only the minimum; Google's front ends negotiate the preferred version when the client offers it.",
      "Webhook deliveries are the application's outbound calls: the egress firewall admits allowlisted domains over TLS (SNI) and plain " +
        "HTTP (Host), so HTTPS for webhooks is the application's to keep.",
      'Connections inside the VPC, behind the load balancers, are TLS-HOPS.',
    ],
  },
  {
    id: 'TLS-HOPS',
    title: 'Data stays encrypted on every internal hop, not only at the edge',
    status: 'enforced',
    policy: [Q.tls13, Q.jamEncryption],
    numbers: (policy) => ({ minimum: policy.tls.minimum }),
    appliesTo: { kinds: ['aws-pipeline', 'aws-platform', 'aws-enclave', 'aws-account-baseline', 'aws-tenant', 'gcp-recordings'] },
    realisation: {
      summary:
        'Past the edge every hop is encrypted: the platform ALB forwards to its tasks over HTTPS and the enclave NLB over TLS, to a ' +
        'container that serves TLS itself (images/hosted-service, a certificate created at container start); Aurora refuses ' +
        'plaintext (rds.force_ssl), every bucket policy denies requests without TLS, Cloud SQL accepts only encrypted connections ' +
        '(ssl_mode ENCRYPTED_ONLY) and the Google Cloud backend service speaks HTTPS to Cloud Run.',
      code: [
        'lib/constructs/compute/hosted-service.ts',
        'lib/constructs/data/database.ts',
        'lib/constructs/storage/secure-bucket.ts',
        'lib/gcp/constructs/edge.ts',
        'lib/gcp/constructs/database.ts',
        'lib/verify/aws/transit.ts',
        'lib/verify/gcp/transit.ts',
      ],
    },
    tests: ['test/verify/aws-weakenings.test.ts', 'test/verify/gcp/checks.test.ts', 'test/constructs/compute/compute.test.ts'],
    limits: [
      "The load balancers do not validate a target's certificate (AWS and Google document this), so the hop to the task is encrypted " +
        'but not authenticated; the security groups admit the task port only from the load balancer.',
      'The templates cannot show what the application does inside the task (e.g. a call it makes to a third party); the service image ' +
        'and the firewall allowlist bound it.',
    ],
  },
];
