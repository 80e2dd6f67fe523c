import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher.service';
import { SecretsService } from './secrets.service';

@Module({ providers: [SecretsService, PasswordHasher], exports: [SecretsService, PasswordHasher] })
export class SecurityModule {}
