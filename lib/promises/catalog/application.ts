import type { ControlId } from '../control-ids';
import type { ControlEntry, PolicyQuote } from '../types';
import { Q } from './quotes';

/**
 * Application-level promises: listed so the catalog covers every promise of both policies, and
 * marked out of scope because no template can make them true or show that they are.
 */
function outOfScope(id: ControlId, title: string, policy: readonly PolicyQuote[], limit: string): ControlEntry {
  return {
    id,
    title,
    status: 'out-of-scope',
    policy,
    appliesTo: { kinds: [] },
    realisation: { summary: 'Application level: kept (or not) by the product and its people, not by the infrastructure.', code: [] },
    tests: [],
    limits: [limit],
  };
}

export const APPLICATION: readonly ControlEntry[] = [
  outOfScope(
    'APP-VOICE-SRTP',
    'Voice is encrypted with SRTP and DTLS-SRTP',
    [Q.srtp],
    'SRTP/DTLS-SRTP is negotiated by the telephony provider and the WebRTC application; infrastructure carries it but cannot prove it.',
  ),
  outOfScope(
    'APP-DASHBOARD-AUTH',
    'Dashboard sign-in with MFA and SSO, role-based access, per-recording access controls',
    [Q.dashboard, Q.rbac, Q.jamAccessControls],
    "Customer sign-in, MFA, SSO and roles are features of the application's identity layer; no load balancer or bucket setting shows them.",
  ),
  outOfScope(
    'APP-API-TOKENS',
    'Scoped API bearer tokens that can be restricted by IP address',
    [Q.apiTokens],
    'Token scopes and IP restrictions are enforced by the API code; the WAF blocks addresses for everyone, not per token.',
  ),
  outOfScope(
    'APP-DATA-EXPORT',
    'Customers export their data in standard formats',
    [Q.export, Q.bulkExport],
    'Export formats and the bulk export API are application features; infrastructure only stores the data they read.',
  ),
  outOfScope(
    'APP-CONSENT',
    'Lawful basis and end-user consent before anything is recorded',
    [Q.lawfulBasis, Q.jamConsent],
    'Consent screens and lawful-basis records live in the product and in contracts; infrastructure stores what the application sends.',
  ),
  outOfScope(
    'APP-DATA-MINIMIZATION',
    'Only necessary data is collected; sensitive data is obfuscated and blurred; data is never sold',
    [Q.minimization, Q.noSelling, Q.jamMinimize, Q.jamBlur],
    'What is collected, obfuscated or blurred is decided in the browser extension and the application before any data reaches storage.',
  ),
  outOfScope(
    'APP-PAYMENT-PASSTHROUGH',
    'Card data never enters the system (IVR passthrough)',
    [Q.ivrPassthrough, Q.aiPaused],
    'The IVR passthrough and pausing the assistant are call-flow logic of the telephony application; no template can show card data never arrives.',
  ),
  outOfScope(
    'APP-SDLC',
    'Secure development: reviews, SAST, DAST, dependency scanning, training, penetration tests',
    [Q.prReviews, Q.sast, Q.dast, Q.dependencyScanning, Q.training, Q.pentests, Q.jamQuarterlyTests],
    "These run in the source repositories, the CI pipeline and the organization's processes; Rampart's templates neither run nor record them.",
  ),
  outOfScope(
    'APP-INCIDENT-RESPONSE',
    'A tested incident response plan and timely customer notification',
    [Q.irPlan, Q.notify72h, Q.jamReview, Q.jamNotify],
    'The plan, its exercises and customer notification are people processes; Rampart only delivers the alerts they start from (DETECT).',
  ),
  outOfScope(
    'APP-SUBPROCESSORS',
    'A maintained list of subprocessors, with advance notice of additions',
    [Q.subprocessorList, Q.subprocessorNotice],
    'Which vendors process data, and telling customers in time, is vendor management and contracts, not infrastructure.',
  ),
  outOfScope(
    'APP-PRIVACY-RIGHTS',
    'Data subject and California privacy rights are honoured',
    [Q.subjectRights, Q.ccpa],
    "Finding and acting on one person's data on request is application work; infrastructure supplies erasure and retention (ERASURE, RETENTION).",
  ),
];
