import { Module } from '@nestjs/common';
import { ODataController } from './odata.controller';

@Module({ controllers: [ODataController] })
export class ODataModule {}
