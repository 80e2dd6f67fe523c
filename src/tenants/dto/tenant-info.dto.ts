/** Which sign-in methods the tenant allows. */
export class LoginMethods {
  /** Sign-in with loginId and password. */
  local: boolean;

  /** Single sign-on through the tenant's SAML2 identity provider. */
  saml2: boolean;
}

/** What the sign-in and launch pages need to know about a tenant (public). */
export class TenantInfo {
  name: string;

  /** Shows the PlanningSpace Web launch button. */
  previewWebFeatures: boolean;

  loginMethods: LoginMethods;
}
