import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeTrackerModule } from '../core/cache/change-tracker.module';
import { Tenant } from './tenant.entity';
import { TenantInfoController } from './tenant-info.controller';
import { TenantsService } from './tenants.service';

@Module({
  imports: [TypeOrmModule.forFeature([Tenant]), ChangeTrackerModule],
  controllers: [TenantInfoController],
  providers: [TenantsService],
  exports: [TenantsService],
})
export class TenantsModule {}
