import { Module } from '@nestjs/common';
import { ChangeTrackerModule } from '../core/cache/change-tracker.module';
import { ProjectsModule } from '../projects/projects.module';
import { ODataController } from './odata.controller';
import { ODataPrefetch } from './odata-prefetch';
import { ODataService } from './odata.service';

@Module({ imports: [ProjectsModule, ChangeTrackerModule], controllers: [ODataController], providers: [ODataService, ODataPrefetch] })
export class ODataModule {}
