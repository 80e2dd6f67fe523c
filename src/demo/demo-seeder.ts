// Creates the demo tenant on an empty embedded database (SPEC 2) and prints the generated
// passwords to the console once; they must be changed at first sign-in.
import { INestApplicationContext } from '@nestjs/common';
import { TenantProvisioningService } from '../administration/tenant-provisioning.use-case';
import { ProjectsService } from '../projects/projects.service';
import { loadSampleData } from '../projects/sample-data.loader';
import { PasswordHasher } from '../core/crypto/password-hasher.service';
import { TenantsService } from '../tenants/tenants.service';
import { UsersService } from '../users/users.service';
import { WorkgroupsService } from '../workgroups/workgroups.service';

export interface DemoAccount {
  loginId: string;
  password: string | null;
  note: string;
}

export async function seedDemo(app: INestApplicationContext): Promise<DemoAccount[] | null> {
  const tenants = app.get(TenantsService);
  if ((await tenants.list()).length > 0) return null;
  const provisioning = app.get(TenantProvisioningService);
  const users = app.get(UsersService);
  const workgroups = app.get(WorkgroupsService);
  const system = { id: null, loginId: 'demo-seed', ip: 'local' };

  const administratorPassword = PasswordHasher.generate();
  const tenant = await provisioning.create('demo', administratorPassword, system, true);
  const accounts: DemoAccount[] = [{ loginId: 'Administrator', password: administratorPassword, note: 'tenant Administrator' }];

  const analystPassword = PasswordHasher.generate();
  const analyst = await users.create(tenant.id, {
    loginId: 'analyst',
    type: 'Local',
    displayName: 'Ana Analyst',
    password: analystPassword,
    generatedPassword: true,
  });
  accounts.push({ loginId: 'analyst', password: analystPassword, note: 'Data/Read and Security/API Key (Analysts)' });
  const engineerPassword = PasswordHasher.generate();
  const engineer = await users.create(tenant.id, {
    loginId: 'engineer',
    type: 'Local',
    displayName: 'Eric Engineer',
    password: engineerPassword,
    generatedPassword: true,
  });
  accounts.push({ loginId: 'engineer', password: engineerPassword, note: 'Data/Read, Data/Write and Security/API Key (Engineers)' });
  const samlUser = await users.create(tenant.id, { loginId: 'first.last@domain.mycompany.com', type: 'SAML2', displayName: 'First Last' });
  accounts.push({ loginId: samlUser.loginId, password: null, note: 'SAML2 account (SAML2 sign-in is off until configured)' });

  await workgroups.create(
    tenant.id,
    { name: 'Analysts', members: [analyst.id, samlUser.id], roles: { 'Data/Read': 'Allowed', 'Security/API Key': 'Allowed' } },
    system,
  );
  await workgroups.create(
    tenant.id,
    { name: 'Engineers', members: [engineer.id], roles: { 'Data/Read': 'Allowed', 'Data/Write': 'Allowed', 'Security/API Key': 'Allowed' } },
    system,
  );
  await loadSampleData(app.get(ProjectsService), tenant.id, 25);
  return accounts;
}
