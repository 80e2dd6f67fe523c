import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { ODataController } from './odata.controller';
import { ODataService } from './odata.service';

@Module({ imports: [ProjectsModule], controllers: [ODataController], providers: [ODataService] })
export class ODataModule {}
