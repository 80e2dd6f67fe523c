import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Cashflow, Project } from './project.entity';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';
import { PlanningDataVersion } from './planning-data-version';

@Module({
  imports: [TypeOrmModule.forFeature([Project, Cashflow])],
  controllers: [ProjectsController],
  providers: [ProjectsService, PlanningDataVersion],
  exports: [ProjectsService, PlanningDataVersion],
})
export class ProjectsModule {}
