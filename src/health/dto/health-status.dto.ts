export class HealthStatus {
  /**
   * Always "ok" (a failing check answers 503).
   *
   * @example ok
   */
  status: string;
}

export class ReadinessStatus extends HealthStatus {
  /**
   * The server's version (package.json), e.g. "0.2.0".
   *
   * @example "0.1.0"
   */
  version: string;
}
