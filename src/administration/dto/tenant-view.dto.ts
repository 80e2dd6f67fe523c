export class TenantView {
  /**
   * The tenant's name, as used in its URLs (/{tenant}/...).
   *
   * @example acme
   */
  name: string;

  /** @example "2026-01-31T09:30:00.000Z" */
  createdAt: Date;
}
