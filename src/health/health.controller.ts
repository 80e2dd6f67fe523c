import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../access/auth.decorators';
import { HealthStatus } from './dto/health-status.dto';

@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  /** Readiness: 200 {"status":"ok"} when the database answers, 503 otherwise. */
  @Get()
  @Public()
  // Terminus's own Swagger entries describe its check result, which this route does not return.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthStatus, description: 'The database answers' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  async check(): Promise<HealthStatus> {
    await this.health.check([() => this.database.pingCheck('database', { timeout: 3000 })]);
    return { status: 'ok' };
  }

  /** Liveness: answers without touching the database. */
  @Get('live')
  @ApiOkResponse({ type: HealthStatus })
  @Public()
  live(): HealthStatus {
    return { status: 'ok' };
  }
}
