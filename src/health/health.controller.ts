import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../access/api-errors.decorator';
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

  /**
   * Check readiness.
   *
   * @remarks Readiness for a load balancer: 200 with the server version when the database answers,
   * 503 otherwise (the process keeps running and recovers by itself). No credentials needed.
   */
  @Get()
  @ApiOperation({ operationId: 'checkReadiness' })
  @Public()
  // Terminus's own Swagger entries describe its check result, which this route does not return.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ type: ReadinessStatus, description: 'The database answers' })
  @ApiErrors({ 503: 'The database does not answer' })
  async check(): Promise<ReadinessStatus> {
    await this.health.check([() => this.database.pingCheck('database', { timeout: 3000 })]);
    return { status: 'ok', version: SERVER_VERSION };
  }

  /**
   * Check liveness.
   *
   * @remarks Liveness: 200 whenever the process serves requests, without touching the database
   * (so a database outage does not get the process restarted). No credentials needed.
   */
  @Get('live')
  @ApiOperation({ operationId: 'checkLiveness' })
  @ApiOkResponse({ type: HealthStatus })
  @Public()
  live(): HealthStatus {
    return { status: 'ok' };
  }
}
