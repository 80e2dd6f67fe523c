/** Which sign-in methods the tenant allows. */
export class LoginMethods {
  /**
   * Sign-in with loginId and password.
   *
   * @example true
   */
  local: boolean;

  /**
   * Single sign-on through the tenant's SAML2 identity provider.
   *
   * @example false
   */
  saml2: boolean;
}

/** What the sign-in and launch pages need to know about a tenant (public). */
export class TenantInfo {
  /** @example demo */
  name: string;

  /**
   * Shows the PlanningSpace Web launch button.
   *
   * @example false
   */
  previewWebFeatures: boolean;

  loginMethods: LoginMethods;
}
