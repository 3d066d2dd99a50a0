/**
 * ACCESS-REVIEW: the numbers of the quarterly access review, as data the construct, the catalog and
 * the README share.
 */
export const ACCESS_REVIEW = {
  /** A review at least every quarter (the policy's "Quarterly access reviews"). */
  everyDays: 90,
  /**
   * IAM Access Analyzer reports a role, user, key or permission unused after this many days: one
   * quarter, so each review sees what went unused since the last.
   */
  unusedAccessAgeDays: 90,
} as const;

/** The EventBridge detail types of IAM Access Analyzer findings that reach on-call. */
export const ACCESS_ANALYZER_FINDING_TYPES = ['Access Analyzer Finding', 'Unused Access Finding for IAM entities'] as const;
