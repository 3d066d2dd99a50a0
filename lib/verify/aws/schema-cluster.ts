import type { Json, StackArtifact } from '../types';
import { isObject, referencedLogicalId, renderString, resources, type Resource } from './template';

// The `Cluster` a pooled tenant's schema resource names (lib/constructs/tenant/tenant-schema.ts, the DR
// list of peer-region-schemas.ts), judged against the function that answers it (tenant-schemas.ts).

/**
 * The identifier of the cluster `value` names in `holder`: a literal, or a Ref to a cluster of that
 * template (its DBClusterIdentifier); undefined for anything else.
 */
export function clusterNamed(holder: StackArtifact, value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  const id = referencedLogicalId(value);
  const cluster = id === undefined ? undefined : resources(holder, 'AWS::RDS::DBCluster').find((c) => c.id === id);
  return cluster?.props.DBClusterIdentifier === undefined ? undefined : renderString(holder, cluster.props.DBClusterIdentifier);
}

/** What is wrong with the cluster a schema resource of `holder` names (`Cluster`), for the function that answers it. */
export function wrongCluster(holder: StackArtifact, schema: Resource, platform: StackArtifact, fn: Resource): string[] {
  const environment = isObject(fn.props.Environment) && isObject(fn.props.Environment.Variables) ? fn.props.Environment.Variables : {};
  const served = clusterNamed(platform, environment.CLUSTER);
  const named = clusterNamed(holder, schema.props.Cluster);
  const clusters = resources(platform, 'AWS::RDS::DBCluster').map((c) => renderString(platform, c.props.DBClusterIdentifier));
  if (named !== undefined && named === served && clusters.includes(named)) return [];
  return [`Cluster ${JSON.stringify(schema.props.Cluster ?? null)}: not the cluster of ${platform.id} its function serves (${served ?? 'none'})`];
}
