import { resources } from '../verify/aws/template';
import type { Assembly, StackArtifact } from '../verify/types';

/**
 * A Mermaid flowchart of the build, for people: accounts (or projects) -> regions -> stacks ->
 * networks -> public endpoints, with the stacks that hold (or, account baselines, cover) PHI or EU
 * data marked. Rendered by GitHub, GitLab and most Markdown viewers.
 */

const id = (text: string): string => text.replace(/[^A-Za-z0-9]/g, '_');
const label = (text: string): string => text.replace(/"/g, "'");

function awsNetworks(stack: StackArtifact): string[] {
  return resources(stack, 'AWS::EC2::VPC').map((v) => `VPC ${typeof v.props.CidrBlock === 'string' ? v.props.CidrBlock : ''}`.trim());
}

function awsEndpoints(stack: StackArtifact): string[] {
  return [
    ...resources(stack, 'AWS::ElasticLoadBalancingV2::LoadBalancer')
      .filter((lb) => lb.props.Scheme !== 'internal')
      .map((lb) => `internet-facing ${lb.props.Type === 'network' ? 'NLB' : 'ALB'} ${lb.id}`),
    ...resources(stack, 'AWS::EC2::VPCEndpointService').map((s) => `PrivateLink service ${s.id}`),
  ];
}

function gcpNetworks(stack: StackArtifact): string[] {
  const networks = (stack.template.resource as Record<string, Record<string, unknown>> | undefined)?.google_compute_network ?? {};
  return Object.keys(networks).map((n) => `VPC network ${n}`);
}

function gcpEndpoints(stack: StackArtifact): string[] {
  const rules = (stack.template.resource as Record<string, Record<string, unknown>> | undefined)?.google_compute_global_forwarding_rule ?? {};
  return Object.keys(rules).map((r) => `global forwarding rule ${r}`);
}

export function reviewDiagram(assembly: Assembly): string {
  const lines = ['```mermaid', 'flowchart LR', '  internet(("Internet"))'];
  const accounts = [...new Set(assembly.stacks.map((s) => `${s.cloud}:${s.account}`))];
  for (const account of accounts) {
    const [cloud, name] = account.split(':');
    lines.push(`  subgraph ${id(account)}["${cloud === 'aws' ? 'AWS account' : 'Google Cloud project'} ${label(name)}"]`);
    const inAccount = assembly.stacks.filter((s) => `${s.cloud}:${s.account}` === account);
    for (const region of [...new Set(inAccount.map((s) => s.region))]) {
      lines.push(`    subgraph ${id(`${account}-${region}`)}["${label(region)}"]`);
      for (const stack of inAccount.filter((s) => s.region === region)) {
        const classes = stack.metadata?.dataClasses ?? [];
        const marks = [...(classes.includes('phi') ? ['PHI'] : []), ...(classes.includes('eu') ? ['EU data'] : [])];
        const sid = id(`stack-${stack.id}`);
        // An account baseline holds no customer data: it audits and watches the stacks that do.
        const verb = stack.metadata?.kind === 'aws-account-baseline' ? 'covers' : 'holds';
        lines.push(`      ${sid}["${label(stack.id)}${marks.length > 0 ? `<br/>${verb} ${marks.join(', ')}` : ''}"]`);
        for (const net of stack.cloud === 'aws' ? awsNetworks(stack) : gcpNetworks(stack))
          lines.push(`      ${sid} --- ${id(`${sid}-${net}`)}[("${label(net)}")]`);
        for (const ep of stack.cloud === 'aws' ? awsEndpoints(stack) : gcpEndpoints(stack)) {
          const eid = id(`${sid}-${ep}`);
          lines.push(`      ${eid}{{"${label(ep)}"}} --> ${sid}`);
          if (!ep.startsWith('PrivateLink')) lines.push(`      internet --> ${eid}`);
        }
        if (marks.length > 0) lines.push(`      style ${sid} stroke:#b00,stroke-width:3px`);
      }
      lines.push('    end');
    }
    lines.push('  end');
  }
  lines.push('```');
  return lines.join('\n');
}
