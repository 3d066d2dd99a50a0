import { formatBlock, overlaps, parseBlock, parseCidr, subBlockCount } from '../../lib/config/cidr';
import { ConfigError } from '../../lib/config/errors';
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from '../../lib/config/loader';
import { RampartConfig } from '../../lib/config/schema';
import { isolationOf } from '../../lib/config/plans';
import { allocateTenantCidrs, tenantSlot } from '../../lib/config/tenant-network';

const BASE = {
  organization: 'example-saas',
  environment: 'prod',
  accounts: { platform: '111111111111', hipaa: '222222222222', eu: '333333333333' },
  regions: { primary: 'us-east-1', dr: 'us-west-2' },
  platform: { alerts: { pagingEndpoint: 'https://events.example.com/page' } },
  policy: { acceptedExceptions: [] },
};

type TenantInput = { id: string; plan: 'starter' | 'pro'; residency: 'us' | 'eu'; isolation?: 'pool' | 'silo'; cidr?: string };
// Silo tenants: only they have a VPC, so only they are allocated a block.
const tenant = (id: string, extra: Partial<TenantInput> = {}): TenantInput => ({ id, plan: 'starter', residency: 'us', isolation: 'silo', ...extra });
const configWith = (tenants: TenantInput[], tenancy?: object): RampartConfig => parseConfig({ ...BASE, tenants, ...(tenancy ? { tenancy } : {}) });

/** The config errors of a document, or [] when it loads. */
function errorsOf(tenants: TenantInput[], tenancy?: object): string[] {
  try {
    configWith(tenants, tenancy);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
}

/** Reproducible ids tenant000..tenant199: same length, so none is a substring of another tenant's stack path. */
const generatedIds = (count: number) => Array.from({ length: count }, (_, i) => `tenant${String(i).padStart(3, '0')}`);

describe('tenant CIDR allocation', () => {
  const supernet = parseBlock('10.128.0.0/9')!;

  test('GIVEN the default config WHEN allocated THEN its silo tenants, and only they, get distinct /22 blocks inside 10.128.0.0/9', () => {
    const config = loadConfig(DEFAULT_CONFIG_PATH);
    const cidrs = allocateTenantCidrs(config);
    const silos = config.tenants.filter((t) => isolationOf(t) === 'silo').map((t) => t.id);
    expect(silos).toContain('initech');
    expect([...cidrs.keys()]).toEqual(silos);
    const blocks = [...cidrs.values()].map((c) => parseBlock(c)!);
    for (const block of blocks) {
      expect(block.prefix).toBe(22);
      expect(overlaps(block, supernet) && block.base >= supernet.base).toBe(true);
      for (const vpc of ['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16']) expect(overlaps(block, parseBlock(vpc)!)).toBe(false);
    }
    expect(new Set(cidrs.values()).size).toBe(silos.length);
  });

  test('GIVEN the same id WHEN allocated twice, in any config THEN it gets the same block (a pure function of the id)', () => {
    const alone = allocateTenantCidrs(configWith([tenant('acme')])).get('acme');
    const withOthers = allocateTenantCidrs(configWith([tenant('zeta'), tenant('acme'), tenant('omega', { residency: 'eu' })])).get('acme');
    expect(alone).toBe(withOthers);
    expect(alone).toBe('10.159.4.0/22'); // pinned here: a change to the hash renumbers (replaces) every tenant VPC
    expect(tenantSlot('acme', 8192)).toBe(tenantSlot('acme', 8192));
  });

  test('GIVEN a tenant list WHEN a tenant is inserted in the middle, one removed, or the list reordered THEN no other CIDR changes', () => {
    const ids = generatedIds(30);
    const before = allocateTenantCidrs(configWith(ids.map((id) => tenant(id))));
    const inserted = [...ids.slice(0, 15), 'newcomer', ...ids.slice(15)];
    const afterInsert = allocateTenantCidrs(configWith(inserted.map((id) => tenant(id))));
    const afterRemove = allocateTenantCidrs(configWith(ids.filter((id) => id !== 'tenant007').map((id) => tenant(id))));
    const afterReverse = allocateTenantCidrs(configWith([...ids].reverse().map((id) => tenant(id))));
    for (const id of ids) {
      expect(afterInsert.get(id)).toBe(before.get(id));
      expect(afterReverse.get(id)).toBe(before.get(id));
      if (id !== 'tenant007') expect(afterRemove.get(id)).toBe(before.get(id));
    }
    expect(afterRemove.has('tenant007')).toBe(false);
  });

  test('GIVEN a pinned cidr WHEN allocated THEN the tenant gets exactly that block and the others are unaffected', () => {
    const cidrs = allocateTenantCidrs(configWith([tenant('acme'), tenant('globex', { cidr: '172.20.0.0/16' })]));
    expect(cidrs.get('globex')).toBe('172.20.0.0/16');
    expect(cidrs.get('acme')).toBe('10.159.4.0/22');
  });

  test('GIVEN a different supernet and prefix WHEN allocated THEN blocks come from it at that size', () => {
    const cidrs = allocateTenantCidrs(configWith([tenant('acme'), tenant('globex')], { supernet: '172.16.0.0/12', vpcPrefixLength: 24 }));
    for (const cidr of cidrs.values()) {
      const block = parseBlock(cidr)!;
      expect(block.prefix).toBe(24);
      expect(overlaps(block, parseBlock('172.16.0.0/12')!)).toBe(true);
    }
  });

  describe('GIVEN 200 generated tenants', () => {
    const ids = generatedIds(200);
    const firstErrors = errorsOf(ids.map((id) => tenant(id)));

    test('WHEN some ids collide THEN each collision is an error naming both tenants with a free block to pin, and pinning every suggestion resolves them all', () => {
      // 200 ids in 8,192 blocks: about 2.4 collisions expected; with these ids there are some.
      expect(firstErrors.length).toBeGreaterThan(0);
      const pins = new Map<number, string>();
      for (const line of firstErrors) {
        const match =
          /^tenants\[(\d+)\]\.id: hashes to the same block "([\d./]+)" as tenants\[(\d+)\] \("(\w+)"\); pin a free block on the newer of the two, e\.g\. cidr: "([\d./]+)", got "(\w+)"$/.exec(
            line,
          );
        expect(match).not.toBeNull();
        const [, later, block, earlier, earlierId, free, laterId] = match!;
        expect(ids[Number(later)]).toBe(laterId);
        expect(ids[Number(earlier)]).toBe(earlierId);
        expect(tenantSlot(laterId, 8192)).toBe(tenantSlot(earlierId, 8192));
        expect(free).not.toBe(block);
        pins.set(Number(later), free);
      }
      const pinned = ids.map((id, index) => tenant(id, pins.has(index) ? { cidr: pins.get(index) } : {}));
      expect(errorsOf(pinned)).toEqual([]);

      // ...and then all 200 VPCs are pairwise disjoint and outside the platform, enclave and EU VPCs.
      const blocks = [...allocateTenantCidrs(configWith(pinned)).values()].map((c) => parseBlock(c)!);
      expect(blocks).toHaveLength(200);
      const reserved = ['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16'].map((c) => parseBlock(c)!);
      const clashes = blocks.flatMap((a, i) =>
        [...reserved, ...blocks.slice(i + 1)].filter((b) => overlaps(a, b)).map((b) => `${formatBlock(a)} ${formatBlock(b)}`),
      );
      expect(clashes).toEqual([]);
    });

    test('WHEN a colliding tenant is pinned THEN the other tenants keep their CIDRs', () => {
      const unpinned = new Map(ids.map((id) => [id, formatBlock({ base: supernet.base + tenantSlot(id, 8192) * 1024, prefix: 22 })]));
      const pins = new Map(firstErrors.map((line) => [Number(/^tenants\[(\d+)\]/.exec(line)![1]), /cidr: "([\d./]+)"/.exec(line)![1]]));
      const cidrs = allocateTenantCidrs(configWith(ids.map((id, index) => tenant(id, pins.has(index) ? { cidr: pins.get(index) } : {}))));
      ids.forEach((id, index) => expect(cidrs.get(id)).toBe(pins.get(index) ?? unpinned.get(id)));
    });
  });

  test('GIVEN a config object that skipped validation WHEN allocated with a collision THEN allocateTenantCidrs throws instead of returning overlapping CIDRs', () => {
    const config = configWith([tenant('dunder')]);
    const unvalidated = { ...config, tenants: [...config.tenants, { ...config.tenants[0], id: 'monarch9' }] } as RampartConfig;
    expect(() => allocateTenantCidrs(unvalidated)).toThrow(ConfigError);
    expect(() => allocateTenantCidrs(unvalidated)).toThrow(
      /tenant VPC allocation: 1 problem.*\n.*tenants\[1\]\.id: hashes to the same block "10\.154\.244\.0\/22" as tenants\[0\] \("dunder"\)/,
    );
  });

  test('GIVEN the hipaa enclave disabled WHEN a tenant is pinned into hipaa.vpcCidr THEN that is allowed (there is no enclave VPC)', () => {
    expect(() => parseConfig({ ...BASE, hipaa: { enabled: false }, tenants: [tenant('acme', { cidr: '10.1.0.0/20' })] })).not.toThrow();
  });

  test('GIVEN a pinned /16 larger than a /20 supernet WHEN it overlaps a VPC THEN the error says no such block fits the supernet', () => {
    expect(errorsOf([tenant('acme', { cidr: '10.0.0.0/16' })], { supernet: '10.128.0.0/20' })).toEqual([
      'tenants[0].cidr: overlaps platform.vpcCidr ("10.0.0.0/16"); no free /16 block fits in tenancy.supernet, got "10.0.0.0/16"',
    ]);
  });

  test('GIVEN a supernet shorter than the VPC prefix WHEN tenants need blocks THEN it is reported as too small (0 blocks)', () => {
    expect(errorsOf([tenant('acme')], { supernet: '10.128.0.0/24', vpcPrefixLength: 22 })).toEqual([
      'tenancy.supernet: too small for 1 tenant at /22: 0 blocks; choose a larger supernet (changing it renumbers every tenant without a pinned cidr) or pin cidr on some tenants, got "10.128.0.0/24"',
    ]);
  });
});

describe('CIDR arithmetic', () => {
  test('GIVEN CIDR texts THEN parse, format, overlap and count agree with IPv4 rules', () => {
    expect(parseCidr('255.255.255.255/32')).toEqual({ address: 2 ** 32 - 1, prefix: 32 });
    expect(parseCidr('256.0.0.0/8')).toBeUndefined();
    expect(parseBlock('10.0.0.1/16')).toBeUndefined();
    expect(formatBlock(parseBlock('192.168.4.0/22')!)).toBe('192.168.4.0/22');
    expect(overlaps(parseBlock('10.0.0.0/16')!, parseBlock('10.0.255.0/24')!)).toBe(true);
    expect(overlaps(parseBlock('10.0.0.0/16')!, parseBlock('10.1.0.0/24')!)).toBe(false);
    expect(subBlockCount(parseBlock('10.128.0.0/9')!, 22)).toBe(8192);
    expect(subBlockCount(parseBlock('10.128.0.0/24')!, 22)).toBe(0);
  });
});
