import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BooleanColumn, TimestampColumn } from '../core/persistence/columns';

export interface SamlSettings {
  idpEntityId: string | null;
  idpSsoUrl: string | null;
  idpCertificate: string | null;
  allowedDomains: string[];
}

/** A tenant and its settings (SPEC 3). Everything tenant-owned cascades from this row. */
@Entity('tenant')
export class Tenant {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 63 })
  name: string;

  /** Lower-cased name: tenant names are unique case-insensitively on every database. */
  @Index('UQ_tenant_name_key', { unique: true })
  @Column({ type: 'varchar', length: 63 })
  nameKey: string;

  @TimestampColumn()
  createdAt: Date;

  @BooleanColumn(false)
  previewWebFeatures: boolean;

  @BooleanColumn(true)
  apiAccessEnabled: boolean;

  @BooleanColumn(true)
  loginLocal: boolean;

  @BooleanColumn(false)
  loginSaml2: boolean;

  @Column({ type: 'simple-json', nullable: true })
  saml: SamlSettings | null;
}
