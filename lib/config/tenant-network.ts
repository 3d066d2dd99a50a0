import { createHash } from 'node:crypto';
import { Ipv4Block, formatBlock, overlaps, subBlock, subBlockCount } from './cidr';
import { ConfigView, TenantView, configView } from './config-view';
import { ConfigError } from './errors';
import { ConfigIssue } from './issues';
import { RampartConfig } from './schema';

/**
 * Tenant VPC CIDR allocation (control ISOLATION: every silo tenant has its own VPC, and no two VPCs
 * share an address, so they can later be peered or attached to a transit gateway).
 *
 * Design: a tenant's CIDR is a pure function of its id.
 *
 *   blocks = the aligned /tenancy.vpcPrefixLength blocks of tenancy.supernet (default: the 8,192
 *            /22 blocks of 10.128.0.0/9)
 *   slot   = first 48 bits of sha256(tenant id), big-endian, modulo the number of blocks
 *   cidr   = tenants[i].cidr if pinned, else blocks[slot]
 *
 * Why: a VPC's CIDR cannot change in place; a new CIDR replaces the VPC and everything in it.
 * Sequential allocation (first free block in list order) renumbers every later tenant when one is
 * inserted or removed; a hash of the id does not: adding, removing or reordering tenants never
 * changes another tenant's CIDR.
 *
 * The price is that two ids can hash to the same block (with 8,192 blocks, about one chance in
 * four among 40 tenants, and likely beyond 100). A collision, or an allocated block overlapping a
 * pinned CIDR, is a config ERROR that names both tenants and suggests a concrete free block to pin
 * (`cidr:`) on the newer one. It is never resolved silently by probing for the next free block:
 * probing makes a tenant's block depend on which other tenants exist, so removing one tenant would
 * renumber another. Pinned CIDRs are checked against everything: other tenants, the platform VPC
 * (platform.vpcCidr), the HIPAA enclave VPC (hipaa.vpcCidr, when the enclave is enabled) and the EU
 * platform VPC (residency.eu.vpcCidr). The supernet itself must not overlap those VPCs, and must hold
 * at least as many blocks as there are tenants without a pinned CIDR.
 *
 * tenancy.supernet and tenancy.vpcPrefixLength are fixed once tenants are deployed: changing either
 * renumbers every tenant without a pinned CIDR.
 */

/** The first 48 bits of sha256(id) modulo `blocks`: the tenant's block index in the supernet. */
export function tenantSlot(id: string, blocks: number): number {
  const digest = createHash('sha256').update(id, 'utf8').digest();
  return digest.readUIntBE(0, 6) % blocks;
}

interface Reserved {
  readonly label: string;
  readonly block: Ipv4Block;
}

interface Placed {
  readonly tenant: TenantView & { readonly id: string };
  readonly block: Ipv4Block;
  readonly pinned: boolean;
  readonly slot?: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The platform, enclave and EU VPCs that tenant VPCs must never overlap. */
function reservedVpcs(view: ConfigView): Reserved[] {
  const reserved: Reserved[] = [];
  if (view.platformVpcCidr) reserved.push({ label: 'platform.vpcCidr', block: view.platformVpcCidr });
  if (view.hipaa.enabled && view.hipaa.vpcCidr) reserved.push({ label: 'hipaa.vpcCidr', block: view.hipaa.vpcCidr });
  if (view.eu.vpcCidr) reserved.push({ label: 'residency.eu.vpcCidr', block: view.eu.vpcCidr });
  return reserved;
}

interface Allocation {
  readonly placed: readonly Placed[];
  readonly issues: readonly ConfigIssue[];
}

/** Allocates every tenant it can read and reports every conflict, in document order. */
function allocate(view: ConfigView): Allocation {
  const issues: ConfigIssue[] = [];
  const reserved = reservedVpcs(view);
  const { supernet, vpcPrefixLength: prefix } = view.tenancy;
  const supernetText = supernet ? formatBlock(supernet) : undefined;

  // Tenants whose id and cidr are readable; a duplicate id is reported by its own rule, not as a collision.
  const seen = new Set<string>();
  // Only silo tenants have a VPC; a pooled tenant (or one whose model cannot be read) takes no block,
  // and since a block is a function of the id alone, pooling a tenant never renumbers another.
  const tenants = view.tenants.filter((t): t is TenantView & { id: string } => {
    if (t.isolation !== 'silo') return false;
    if (t.id === undefined || (t.cidrGiven && t.cidr === undefined) || seen.has(t.id)) return false;
    seen.add(t.id);
    return true;
  });
  const autoCount = tenants.filter((t) => !t.cidrGiven).length;

  let blocks = 0;
  if (supernet !== undefined && prefix !== undefined) {
    for (const vpc of reserved) {
      if (overlaps(supernet, vpc.block)) {
        issues.push({
          path: ['tenancy', 'supernet'],
          message: `overlaps ${vpc.label} ("${formatBlock(vpc.block)}"); tenant VPCs must not share addresses with the platform, enclave or EU VPCs`,
          received: supernetText,
        });
      }
    }
    blocks = subBlockCount(supernet, prefix);
    if (autoCount > blocks) {
      issues.push({
        path: ['tenancy', 'supernet'],
        message: `too small for ${plural(autoCount, 'tenant')} at /${prefix}: ${plural(blocks, 'block')}; choose a larger supernet (changing it renumbers every tenant without a pinned cidr) or pin cidr on some tenants`,
        received: supernetText,
      });
    }
  }
  const canAllocate = supernet !== undefined && prefix !== undefined && blocks > 0 && autoCount <= blocks;

  const placed: Placed[] = tenants.flatMap((tenant): Placed[] => {
    if (tenant.cidr) return [{ tenant, block: tenant.cidr, pinned: true }];
    if (!canAllocate) return [];
    const slot = tenantSlot(tenant.id, blocks);
    return [{ tenant, block: subBlock(supernet, prefix, slot), pinned: false, slot }];
  });

  // Suggestions must be free of every VPC and of each other, so pinning all of them resolves everything.
  const suggested: Ipv4Block[] = [];
  const suggest = (size: number, startSlot: number): string | undefined => {
    if (supernet === undefined) return undefined;
    const count = subBlockCount(supernet, size);
    const taken = [...reserved.map((r) => r.block), ...placed.map((p) => p.block), ...suggested];
    for (let step = 0; step < count; step++) {
      const candidate = subBlock(supernet, size, (startSlot + step) % count);
      if (!taken.some((used) => overlaps(candidate, used))) {
        suggested.push(candidate);
        return `"${formatBlock(candidate)}"`;
      }
    }
    return undefined;
  };
  const suggestion = (p: Placed, lead: string): string => {
    const size = p.block.prefix;
    const free = suggest(size, p.slot === undefined ? 0 : p.slot + 1);
    return free === undefined ? `; no free /${size} block fits in tenancy.supernet` : `${lead}${free}`;
  };

  placed.forEach((later, j) => {
    const { tenant } = later;
    if (later.pinned) {
      for (const vpc of reserved) {
        if (overlaps(later.block, vpc.block)) {
          issues.push({
            path: ['tenants', tenant.index, 'cidr'],
            message: `overlaps ${vpc.label} ("${formatBlock(vpc.block)}")${suggestion(later, '; choose a free block such as ')}`,
            received: formatBlock(later.block),
          });
        }
      }
    }
    for (const earlier of placed.slice(0, j)) {
      if (!overlaps(earlier.block, later.block)) continue;
      const other = `tenants[${earlier.tenant.index}]`;
      const otherName = `"${earlier.tenant.id}"`;
      if (!later.pinned) {
        const where = earlier.pinned
          ? `"${formatBlock(later.block)}", inside ${other}.cidr ("${formatBlock(earlier.block)}") of tenant ${otherName}`
          : `the same block "${formatBlock(later.block)}" as ${other} (${otherName})`;
        issues.push({
          path: ['tenants', tenant.index, 'id'],
          message: `hashes to ${where}; pin a free block on the newer of the two${suggestion(later, ', e.g. cidr: ')}`,
          received: tenant.id,
        });
      } else {
        const what = earlier.pinned
          ? `${other}.cidr ("${formatBlock(earlier.block)}") of tenant ${otherName}`
          : `the block "${formatBlock(earlier.block)}" allocated to ${other} (${otherName})`;
        issues.push({
          path: ['tenants', tenant.index, 'cidr'],
          message: `overlaps ${what}${suggestion(later, '; choose a free block such as ')}`,
          received: formatBlock(later.block),
        });
      }
    }
  });
  return { placed, issues };
}

/** Cross-field rule: every tenant VPC CIDR problem (overlaps, collisions, supernet size and placement). */
export function tenantNetworkIssues(view: ConfigView): ConfigIssue[] {
  return [...allocate(view).issues];
}

/**
 * Tenant id -> VPC CIDR for every silo tenant of a validated config: the pinned `cidr`, or the block
 * its id hashes to. Throws a ConfigError if the config has allocation problems (a config that went
 * through the loader never has).
 */
export function allocateTenantCidrs(config: RampartConfig): ReadonlyMap<string, string> {
  const { placed, issues } = allocate(configView(config));
  if (issues.length > 0) throw new ConfigError('tenant VPC allocation', issues);
  return new Map(placed.map((p) => [p.tenant.id, formatBlock(p.block)]));
}
