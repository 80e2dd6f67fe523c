import { Module } from '@nestjs/common';
import { ServerSettingsModule } from '../settings/server-settings.module';
import { TenantsModule } from '../tenants/tenants.module';
import { ODataConnectionController } from './odata-connection.controller';
import { ServerHomeController, WebController } from './web.controller';
import { WebPagesService } from './web-pages.service';

@Module({
  imports: [TenantsModule, ServerSettingsModule],
  controllers: [ODataConnectionController, ServerHomeController, WebController],
  providers: [WebPagesService],
})
export class WebModule {}
