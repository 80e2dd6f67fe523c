// DataSource for the TypeORM CLI (npm run migration:run / migration:generate); the app
// builds its own from the same options (src/database/data-source-options.ts).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadDatabaseConfig } from './src/core/config/app-config';
import { loadEnvFile } from './src/core/config/env-file';
import { dataSourceOptions } from './src/database/data-source-options';

loadEnvFile();
// Migrations need only the database settings: no IPS_SECRET, nothing else.
export default dataSourceOptions(loadDatabaseConfig().database).then((options) => new DataSource(options));
