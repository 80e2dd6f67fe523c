export class HealthStatus {
  /** Always "ok" (a failing check answers 503). */
  status: string;
}

export class ReadinessStatus extends HealthStatus {
  /** The server's version (package.json), e.g. "0.2.0". */
  version: string;
}
