import { Construct } from 'constructs';
import { MonitoringNotificationChannel } from '../bindings';

export interface AlertChannelsProps {
  /** Project the notification channels belong to (alert policies notify channels of their own project). */
  readonly project: string;
  /** Name prefix of the stack: shown in each channel's display name. */
  readonly prefix: string;
  /** Address every alert is mailed to (gcp.alerts.email). */
  readonly email: string;
  /**
   * HTTPS URL that pages a person (gcp.alerts.pagingEndpoint): a token-auth webhook channel.
   * @default - no paging channel: alerts are only mailed, and the verifier reports DETECT missing
   */
  readonly pagingEndpoint?: string;
}

/**
 * The Cloud Monitoring notification channels every Rampart alert policy of the stack notifies: an email
 * channel and, when configured, a webhook that pages (the Google Cloud side of the AWS alert and page
 * topics). Both are created enabled (the verifier requires it); that they deliver is a first-deploy check
 * (README, "Google Cloud": the console's test notification).
 */
export class AlertChannels extends Construct {
  /** Resource names (`projects/<p>/notificationChannels/<id>`) for an alert policy's notification_channels. */
  readonly names: string[];

  constructor(scope: Construct, id: string, props: AlertChannelsProps) {
    super(scope, id);
    const email = new MonitoringNotificationChannel(this, 'email', {
      project: props.project,
      displayName: `${props.prefix} alerts (email)`,
      type: 'email',
      labels: { email_address: props.email },
      enabled: true,
    });
    this.names = [email.name];
    if (props.pagingEndpoint !== undefined) {
      const paging = new MonitoringNotificationChannel(this, 'paging', {
        project: props.project,
        displayName: `${props.prefix} alerts (page on-call)`,
        type: 'webhook_tokenauth',
        labels: { url: props.pagingEndpoint },
        enabled: true,
      });
      this.names.push(paging.name);
    }
  }
}
