export class TenantView {
  /** The tenant's name, as used in its URLs (/{tenant}/...). */
  name: string;

  createdAt: Date;
}
