import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../access/auth.decorators';
import { SERVER_VERSION } from '../core/config/server-version';
import { HealthStatus, ReadinessStatus } from './dto/health-status.dto';

@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  /** Readiness: 200 {"status":"ok","version":"..."} when the database answers, 503 otherwise. */
  @Get()
  @Public()
  // Terminus's own Swagger entries describe its check result, which this route does not return.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ type: ReadinessStatus, description: 'The database answers' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  async check(): Promise<ReadinessStatus> {
    await this.health.check([() => this.database.pingCheck('database', { timeout: 3000 })]);
    return { status: 'ok', version: SERVER_VERSION };
  }

  /** Liveness: answers without touching the database. */
  @Get('live')
  @ApiOkResponse({ type: HealthStatus })
  @Public()
  live(): HealthStatus {
    return { status: 'ok' };
  }
}
