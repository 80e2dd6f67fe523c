// Portable column helpers: the same entity definitions must produce the same schema on
// SQLite and MySQL/MariaDB (checked by test/schema.e2e-spec.ts against the migrations).
import { Column, ColumnOptions } from 'typeorm';

/** Millisecond-precision timestamp stored as DATETIME(3) (UTC). */
export const TimestampColumn = (options: ColumnOptions = {}) => Column({ type: 'datetime', precision: 3, ...options });

export const BooleanColumn = (defaultValue: boolean) => Column({ type: 'boolean', default: defaultValue });
