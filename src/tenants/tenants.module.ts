import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Tenant } from './tenant.entity';
import { TenantInfoController } from './tenant-info.controller';
import { TenantsService } from './tenants.service';

@Module({ imports: [TypeOrmModule.forFeature([Tenant])], controllers: [TenantInfoController], providers: [TenantsService], exports: [TenantsService] })
export class TenantsModule {}
