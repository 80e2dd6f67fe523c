import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../access/api-errors.decorator';
import { conflict } from '../../core/errors/domain-error';
import { TenantSettingsView } from '../../settings/dto/tenant-settings-view.dto';
import { TenantSettingsService } from '../../administration/tenant-settings-change.use-case';
import { Authenticated, CurrentCaller } from '../../access/auth.decorators';
import { actorOf } from '../../access/actor';
import { Caller } from '../../access/caller';
import { ImportIdpMetadataDto } from './dto/import-idp-metadata.dto';
import { ServiceProviderView } from './dto/service-provider-view.dto';
import { parseIdpMetadata } from './idp-metadata';
import { SamlSignOnService } from './saml-sign-on.service';
import { SamlErrorCode } from './saml.errors';

/** The SAML parts of the tenant settings page (Administrators): what to give the IdP, and the IdP's metadata import. */
@ApiTags('Tenant settings')
@ApiErrors({ 404: 'Unknown tenant' })
@Controller(':tenant/api/v1/settings/saml')
export class SamlSettingsController {
  constructor(
    private readonly settings: TenantSettingsService,
    private readonly saml: SamlSignOnService,
  ) {}

  /**
   * Get the SAML2 service provider's details.
   *
   * @remarks The SP entity ID, assertion consumer URL, metadata URL and sign-in URL to hand to the
   * identity provider, all under PUBLIC_URL.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs membership of Administrators. 409 when PUBLIC_URL is not configured.
   */
  @Get('service-provider')
  @ApiOperation({ operationId: 'getSamlServiceProvider' })
  @Authenticated({ administrator: true })
  @ApiOkResponse({ type: ServiceProviderView })
  @ApiErrors({ 409: 'PUBLIC_URL is not configured on the server' })
  serviceProvider(@CurrentCaller() caller: Caller): ServiceProviderView {
    const endpoints = this.saml.endpoints(caller.tenant);
    if (!endpoints) throw conflict(SamlErrorCode.PublicUrlRequired, 'SAML2 needs PUBLIC_URL to be configured on the server');
    return endpoints;
  }

  /**
   * Import the identity provider's metadata.
   *
   * @remarks Fills saml.idpEntityId, saml.idpSsoUrl and saml.idpCertificate (one PEM block, or two
   * when the IdP publishes two signing certificates during a rollover) from its metadata XML.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs membership of Administrators. 200 with the tenant settings; 400 for malformed metadata or metadata
   * missing what the message names; 409 when the change would leave no Administrator able to
   * sign in.
   */
  @Post('metadata')
  @ApiOperation({ operationId: 'importSamlIdpMetadata' })
  @HttpCode(200)
  @Authenticated({ administrator: true })
  @ApiOkResponse({ type: TenantSettingsView })
  @ApiErrors({ 400: 'Malformed metadata, or metadata missing what the message names', 409: 'Would leave no Administrator able to sign in' })
  importMetadata(@CurrentCaller() caller: Caller, @Body() body: ImportIdpMetadataDto): Promise<TenantSettingsView> {
    const metadata = parseIdpMetadata(body.metadataXml);
    return this.settings.update(
      caller.tenant.id,
      { saml: { idpEntityId: metadata.idpEntityId, idpSsoUrl: metadata.idpSsoUrl, idpCertificate: metadata.certificates.join('\n') } },
      actorOf(caller),
    );
  }
}
