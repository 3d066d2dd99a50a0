import { PolicyRule } from '../types';
import { get, list, reporter, resources } from '../tfjson';

/**
 * What the Cloud Monitoring API refuses on apply, caught at synthesis: a log-match alert policy has
 * exactly one condition and a notification rate limit, a metric-based one has none; and every alert
 * policy notifies a channel and auto-closes (an alert nobody receives is no detection).
 */
export const alerts: PolicyRule = {
  id: 'GCP-ALERTS',
  controls: ['DETECT', 'DETECT-ACTIVITY'],
  description:
    'Every alert policy notifies at least one channel and sets auto_close; a log-match policy has one condition and a notification rate limit, a metric-based one no rate limit',
  check(stack) {
    const report = reporter(this.id, stack);
    return resources(stack, 'google_monitoring_alert_policy').flatMap(({ address, block }) => {
      const conditions = list(get(block, 'conditions'));
      const logMatch = conditions.some((c) => get(c, 'condition_matched_log') !== undefined);
      const rateLimit = get(block, 'alert_strategy', 'notification_rate_limit', 'period') !== undefined;
      const problems = [
        list(get(block, 'notification_channels')).length === 0 ? 'notifies no channel' : undefined,
        get(block, 'alert_strategy', 'auto_close') === undefined ? 'sets no alert_strategy.auto_close' : undefined,
        logMatch && conditions.length !== 1 ? `has ${conditions.length} conditions; a log-match policy takes exactly one` : undefined,
        logMatch && !rateLimit ? 'is log-match without alert_strategy.notification_rate_limit (the API requires one)' : undefined,
        !logMatch && rateLimit ? 'is metric-based with a notification_rate_limit (the API refuses one)' : undefined,
      ];
      return problems.flatMap((problem) => (problem === undefined ? [] : [report(address, problem)]));
    });
  },
};
