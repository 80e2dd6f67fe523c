import { Caller } from './caller';

/** Who is making a change and from where: passed from controllers to services for the audit log. */
export interface Actor {
  /** User id; null for the IPS Administrator. */
  id: number | null;
  loginId: string;
  ip: string;
}

/** The one Caller -> Actor mapping. */
export const actorOf = (caller: Caller): Actor => ({ id: caller.user.id, loginId: caller.user.loginId, ip: caller.ip });

/** The IPS Administrator as the actor of /admin/api changes. */
export const ipsAdministrator = (ip: string): Actor => ({ id: null, loginId: 'admin', ip });
