import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecurityModule } from '../core/crypto/security.module';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Module({ imports: [TypeOrmModule.forFeature([User]), SecurityModule], providers: [UsersService], exports: [UsersService] })
export class UsersModule {}
