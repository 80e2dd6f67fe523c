/** A tenant name is a URL segment (SPEC 3), unique case-insensitively. Defined once, used everywhere. */
export const TENANT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{1,62}$/;

/** Path segments of the server itself, never tenant names. */
export const RESERVED_TENANT_NAMES: readonly string[] = ['admin', 'api', 'health', 'metrics'];
