import { RampartRule } from '../rule';
import { BackupFourTiers } from './BackupFourTiers';
import { BackupKeySeparate } from './BackupKeySeparate';
import { FirewallDropByDefault } from './FirewallDropByDefault';
import { FirewallProtection } from './FirewallProtection';
import { FlowLogsAllTraffic } from './FlowLogsAllTraffic';
import { GuardDutyProtection } from './GuardDutyProtection';
import { HttpsListenerTls13 } from './HttpsListenerTls13';
import { KeyRotation } from './KeyRotation';
import { NoLoss } from './NoLoss';
import { RealAvailabilityZones } from './RealAvailabilityZones';
import { ShieldOnPublicEndpoint } from './ShieldOnPublicEndpoint';
import { WafLoggingRedaction } from './WafLoggingRedaction';
import { WafOnPublicEndpoint } from './WafOnPublicEndpoint';

/** Every Rampart rule, in the order they are reported. Add a rule: one file, one line here. */
export const RAMPART_RULES: readonly RampartRule[] = [
  KeyRotation,
  NoLoss,
  BackupFourTiers,
  BackupKeySeparate,
  FlowLogsAllTraffic,
  FirewallDropByDefault,
  FirewallProtection,
  GuardDutyProtection,
  HttpsListenerTls13,
  WafOnPublicEndpoint,
  ShieldOnPublicEndpoint,
  WafLoggingRedaction,
  RealAvailabilityZones,
];
