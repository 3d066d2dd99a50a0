import type { ControlId } from '../../promises/control-ids';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json, JsonObject } from '../types';
import { allowsAnyone, asArray, hasCondition, isObject, principals, referencedLogicalId, renderString, resources, statements } from './template';

/** LEAST-PRIV, IMAGE-PROVENANCE and VULN-SCAN: what identities may do and what code runs, from CloudFormation templates. */

const kinds = {
  keyPolicy: {
    control: 'LEAST-PRIV',
    kind: 'key-policy-statement',
    subject: 'key policy statements without open use',
    expected: 'no Allow of kms:* or * to anyone, and every Allow to Principal * conditioned',
  },
  directGrants: {
    control: 'LEAST-PRIV',
    kind: 'key-denies-direct-grants',
    subject: 'customer-managed keys denying grants not made through an AWS service (CT.KMS.PR.3)',
    expected: 'a Deny of kms:CreateGrant to Principal * with Condition Bool kms:GrantIsForAWSResource "false"',
  },
  servicePrincipal: {
    control: 'LEAST-PRIV',
    kind: 'service-principal-scoped',
    subject: 'key and topic policy statements admitting an AWS service only on behalf of this account',
    expected:
      'every Allow to a Service principal in a key policy or SNS topic policy carries a Condition (aws:SourceAccount, aws:SourceArn or an encryption context)',
  },
  iamPolicy: {
    control: 'LEAST-PRIV',
    kind: 'iam-statement',
    subject: 'IAM policy statements without wildcard administration',
    expected: 'no Allow of Action * on any resource, nor of <service>:* on Resource *',
  },
  trust: {
    control: 'LEAST-PRIV',
    kind: 'role-trust',
    subject: 'role trust policies naming who may assume them',
    expected: 'no Allow sts:AssumeRole to Principal * without a condition',
  },
  image: {
    control: 'IMAGE-PROVENANCE',
    kind: 'image-from-own-repository',
    subject: "container images pulled from the stack's own ECR repository",
    expected: '<account>.dkr.ecr.<region>.amazonaws.com/<a repository of this stack>:<tag other than latest>',
  },
  scan: {
    control: 'VULN-SCAN',
    kind: 'repository-scan-on-push',
    subject: 'ECR repositories scanning on push with immutable tags',
    expected: 'ScanOnPush true and ImageTagMutability IMMUTABLE',
  },
  scanned: {
    control: 'VULN-SCAN',
    kind: 'running-image-scanned',
    subject: 'running container images that come from a scanning repository',
    expected: 'the image is in a repository of this stack that scans on push',
  },
} satisfies Record<string, EvidenceKind>;

const actions = (s: { [key: string]: Json }): string[] => asArray(s.Action).map((a) => (typeof a === 'string' ? a : ''));

/** The CT.KMS.PR.3 statement: Deny kms:CreateGrant (or kms:*) to everyone unless an AWS service asks for an AWS resource. */
function deniesDirectGrants(context: CheckContext, s: JsonObject): boolean {
  const bool = isObject(s.Condition) && isObject(s.Condition.Bool) ? s.Condition.Bool : {};
  return (
    s.Effect === 'Deny' &&
    principals(context.stack, s).includes('*') &&
    actions(s).some((a) => a === 'kms:CreateGrant' || a === 'kms:*' || a === '*') &&
    String(bool['kms:GrantIsForAWSResource']) === 'false'
  );
}

const leastPriv: ControlCheck = (context) => {
  const { stack } = context;
  const evidence: Evidence[] = [];
  for (const key of resources(stack, 'AWS::KMS::Key')) {
    const list = statements(key.props.KeyPolicy);
    const deny = list.findIndex((s) => deniesDirectGrants(context, s));
    const where = pointer('Resources', key.id, 'Properties', 'KeyPolicy', 'Statement', ...(deny < 0 ? [] : [deny]));
    evidence.push(observe(context, kinds.directGrants, { resource: key.id, pointer: where }, list[deny], deny >= 0, 'missing'));
    list.forEach((s, i) => {
      if (s.Effect !== 'Allow') return;
      const wild = actions(s).some((a) => a === '*' || a === 'kms:*');
      const ok = !(principals(stack, s).includes('*') && (wild || !hasCondition(s)));
      const place = { resource: key.id, pointer: pointer('Resources', key.id, 'Properties', 'KeyPolicy', 'Statement', i) };
      evidence.push(
        observe(
          context,
          kinds.keyPolicy,
          place,
          { Action: s.Action ?? null, Principal: s.Principal ?? null, conditioned: hasCondition(s) },
          ok,
          'contradicted',
        ),
      );
    });
  }
  const servicePolicies = [
    ...resources(stack, 'AWS::KMS::Key').map((r) => ({ r, doc: r.props.KeyPolicy, field: 'KeyPolicy' })),
    ...resources(stack, 'AWS::SNS::TopicPolicy').map((r) => ({ r, doc: r.props.PolicyDocument, field: 'PolicyDocument' })),
  ];
  for (const { r, doc, field } of servicePolicies) {
    statements(doc).forEach((s, i) => {
      if (s.Effect !== 'Allow' || !isObject(s.Principal) || s.Principal.Service === undefined) return;
      const place = { resource: r.id, pointer: pointer('Resources', r.id, 'Properties', field, 'Statement', i) };
      evidence.push(
        observe(context, kinds.servicePrincipal, place, { Principal: s.Principal, Condition: s.Condition ?? null }, hasCondition(s), 'contradicted'),
      );
    });
  }
  const documents = resources(stack, 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy').flatMap((r) => [
    ...(r.type === 'AWS::IAM::Role'
      ? asArray(r.props.Policies).flatMap((p, i) => (isObject(p) ? [{ r, doc: p.PolicyDocument, path: ['Policies', i, 'PolicyDocument'] }] : []))
      : []),
    ...(r.type !== 'AWS::IAM::Role' ? [{ r, doc: r.props.PolicyDocument, path: ['PolicyDocument'] }] : []),
  ]);
  // A permissions boundary is a ceiling, not a grant: `<service>:*` there is how a boundary is written.
  const boundaries = new Set(resources(stack, 'AWS::IAM::Role', 'AWS::IAM::User').map((r) => referencedLogicalId(r.props.PermissionsBoundary)));
  for (const { r, doc, path } of documents.filter((d) => !boundaries.has(d.r.id))) {
    statements(doc).forEach((s, i) => {
      const wildAction = actions(s).some((a) => a === '*' || /^[a-z0-9-]+:\*$/.test(a));
      const wildResource = asArray(s.Resource).some((x) => x === '*');
      const everything = actions(s).includes('*');
      const ok = !(s.Effect === 'Allow' && (everything || (wildAction && wildResource)));
      const place = { resource: r.id, pointer: pointer('Resources', r.id, 'Properties', ...path, 'Statement', i) };
      evidence.push(observe(context, kinds.iamPolicy, place, { Action: s.Action ?? null, Resource: s.Resource ?? null }, ok, 'contradicted'));
    });
  }
  for (const role of resources(stack, 'AWS::IAM::Role')) {
    statements(role.props.AssumeRolePolicyDocument).forEach((s, i) => {
      const ok = !allowsAnyone(stack, s);
      const place = { resource: role.id, pointer: pointer('Resources', role.id, 'Properties', 'AssumeRolePolicyDocument', 'Statement', i) };
      evidence.push(observe(context, kinds.trust, place, s.Principal ?? null, ok, 'contradicted'));
    });
  }
  return evidence;
};

/** Container images of every task definition, rendered, with their pointers. */
function images(context: CheckContext): { task: string; at: string; image: string; repo?: string }[] {
  const repos = resources(context.stack, 'AWS::ECR::Repository');
  return resources(context.stack, 'AWS::ECS::TaskDefinition').flatMap((task) =>
    asArray(task.props.ContainerDefinitions).flatMap((c, i) => {
      if (!isObject(c)) return [];
      const image = renderString(context.stack, c.Image);
      const host = `${context.stack.account}.dkr.ecr.${context.stack.region}.amazonaws.com/`;
      const repo = repos.find((r) => image.startsWith(`${host}\${${r.id}}:`) || image.startsWith(`${host}${String(r.props.RepositoryName)}:`));
      return [{ task: task.id, at: pointer('Resources', task.id, 'Properties', 'ContainerDefinitions', i, 'Image'), image, repo: repo?.id }];
    }),
  );
}

function exceptionFor(context: CheckContext, kind: EvidenceKind): EvidenceKind {
  return context.metadata.kind === 'aws-platform' ? kind : { ...kind, exception: undefined };
}

const imageProvenance: ControlCheck = (context) =>
  images(context).map(({ task, at, image, repo }) =>
    observe(
      context,
      exceptionFor(context, kinds.image),
      { resource: task, pointer: at },
      image,
      repo !== undefined && !image.endsWith(':latest'),
      'contradicted',
    ),
  );

const vulnScan: ControlCheck = (context) => {
  const repos = resources(context.stack, 'AWS::ECR::Repository');
  const scans = new Map(
    repos.map((r) => {
      const scanning = isObject(r.props.ImageScanningConfiguration) && r.props.ImageScanningConfiguration.ScanOnPush === true;
      return [r.id, scanning && r.props.ImageTagMutability === 'IMMUTABLE'];
    }),
  );
  const evidence = repos.map((r) =>
    observe(
      context,
      kinds.scan,
      { resource: r.id, pointer: pointer('Resources', r.id, 'Properties') },
      { ScanOnPush: scans.get(r.id) ?? false, ImageTagMutability: r.props.ImageTagMutability ?? null },
      scans.get(r.id) === true,
      'contradicted',
    ),
  );
  for (const { task, at, image, repo } of images(context)) {
    evidence.push(
      observe(
        context,
        exceptionFor(context, kinds.scanned),
        { resource: task, pointer: at },
        image,
        repo !== undefined && scans.get(repo) === true,
        'contradicted',
      ),
    );
  }
  return evidence;
};

export const IDENTITY_IMAGE_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'LEAST-PRIV': [leastPriv],
  'IMAGE-PROVENANCE': [imageProvenance],
  'VULN-SCAN': [vulnScan],
};
