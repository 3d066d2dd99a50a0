import { z } from 'zod';
import { wholeNumber } from './primitives';

/**
 * `gcp.service`: the Cloud Run service each recordings stack defines behind its load balancer (the
 * service's name is `gcp.edge.cloudRunService`). The image is named WITHOUT a registry: every stack
 * runs it from its own Artifact Registry repository in its own region
 * (`<region>-docker.pkg.dev/<project>/<stack prefix>-images`, tags immutable), so the EU stack can
 * only ever run an image stored in its EU region, and a tag, once pushed, always means the same image.
 */

/** An image reference as the config writes it: a name in the stack's repository, pinned by tag or digest. */
export interface ImageReference {
  /** Image (package) name inside the repository, e.g. `recordings-api`. */
  readonly name: string;
  /** Release tag; immutable in the repository the stack creates. */
  readonly tag?: string;
  /** `sha256:<64 hex>`: the content itself. */
  readonly digest?: string;
}

const NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const PINNED = 'expected a pinned image: "<name>:<release tag>" (tags are immutable in the stack\'s repository) or "<name>@sha256:<64 hex digits>"';

/**
 * Parses `name:tag` or `name@sha256:<digest>`; returns the reference, or the problem as a sentence a
 * user can act on (the config prefixes it with `gcp.service.image` and the value received).
 */
export function parseImageReference(value: string): ImageReference | string {
  const firstSegment = value.split('/')[0];
  if (value.includes('/') && (firstSegment.includes('.') || firstSegment.includes(':') || firstSegment === 'localhost')) {
    return (
      'expected the image without a registry ("<name>:<tag>" or "<name>@sha256:<digest>"): each stack runs it from its own ' +
      'Artifact Registry repository, <region>-docker.pkg.dev/<project>/<stack prefix>-images, so the EU stack only runs an image stored in the EU'
    );
  }
  const at = value.indexOf('@');
  if (at >= 0) {
    const [name, digest] = [value.slice(0, at), value.slice(at + 1)];
    if (!NAME.test(name)) return `expected an image name of lowercase letters, digits, ".", "_", "-" and "/" before "@", ${PINNED}`;
    if (!DIGEST.test(digest)) return `expected "@sha256:" followed by 64 lowercase hex digits; ${PINNED}`;
    return { name, digest };
  }
  const colon = value.lastIndexOf(':');
  if (colon < 0) return `${PINNED}; an image without a tag means "latest"`;
  const [name, tag] = [value.slice(0, colon), value.slice(colon + 1)];
  if (!NAME.test(name)) return `expected an image name of lowercase letters, digits, ".", "_", "-" and "/" before ":", ${PINNED}`;
  if (!TAG.test(tag)) return 'expected a tag of letters, digits, "_", "." and "-", at most 128 characters, not starting with "." or "-"';
  if (tag === 'latest') return `${PINNED}; "latest" names whatever was pushed last, not a release`;
  return { name, tag };
}

/** The `gcp.service` defaults: the recordings API at its first release tag, listening on Cloud Run's default port. */
export const GCP_SERVICE_DEFAULTS = { image: 'recordings-api:1.0.0', port: 8080 } as const;

export const gcpServiceSchema = z
  .strictObject({
    /**
     * The container image the Cloud Run service runs, as `<name>:<release tag>` or `<name>@sha256:<digest>`,
     * without a registry: it is pulled from the stack's own Artifact Registry repository (immutable tags,
     * CMEK, in the stack's region). The image must be pushed there before the service is created
     * (README, "Google Cloud").
     */
    image: z
      .string({ error: 'expected an image such as "recordings-api:1.0.0"' })
      .superRefine((value, ctx) => {
        const parsed = parseImageReference(value);
        if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
      })
      .default(GCP_SERVICE_DEFAULTS.image),
    /** Port the container listens on for plain HTTP from Cloud Run's front end (non-root, so at least 1024). */
    port: wholeNumber(1024, 65535).default(GCP_SERVICE_DEFAULTS.port),
  })
  .default(GCP_SERVICE_DEFAULTS);
