// DataSource for the TypeORM CLI (npm run migration:run / migration:generate); the app
// builds its own from the same options (src/database/data-source-options.ts).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/core/config/app-config';
import { dataSourceOptions } from './src/database/data-source-options';

export default dataSourceOptions(loadConfig().database).then((options) => new DataSource(options));
