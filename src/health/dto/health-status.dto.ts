export class HealthStatus {
  /** Always "ok" (a failing check answers 503). */
  status: string;
}
