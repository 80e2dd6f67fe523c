import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
@Controller(':tenant/api/v1/settings/saml')
export class SamlSettingsController {
  constructor(
    private readonly settings: TenantSettingsService,
    private readonly saml: SamlSignOnService,
  ) {}

  /** The SP entity ID, ACS URL and metadata URL to hand to the identity provider. */
  @Get('service-provider')
  @Authenticated({ administrator: true })
  @ApiOkResponse({ type: ServiceProviderView })
  @ApiConflictResponse({ description: 'PUBLIC_URL is not configured on the server' })
  serviceProvider(@CurrentCaller() caller: Caller): ServiceProviderView {
    const endpoints = this.saml.endpoints(caller.tenant);
    if (!endpoints) throw conflict(SamlErrorCode.PublicUrlRequired, 'SAML2 needs PUBLIC_URL to be configured on the server');
    return endpoints;
  }

  /**
   * Fills saml.idpEntityId, saml.idpSsoUrl and saml.idpCertificate (one PEM block, or two
   * when the IdP publishes two signing certificates during a rollover) from its metadata XML.
   */
  @Post('metadata')
  @HttpCode(200)
  @Authenticated({ administrator: true })
  @ApiOkResponse({ type: TenantSettingsView })
  @ApiBadRequestResponse({ description: 'Malformed metadata, or metadata missing what the message names' })
  @ApiConflictResponse({ description: 'Would leave no Administrator able to sign in' })
  importMetadata(@CurrentCaller() caller: Caller, @Body() body: ImportIdpMetadataDto): Promise<TenantSettingsView> {
    const metadata = parseIdpMetadata(body.metadataXml);
    return this.settings.update(
      caller.tenant.id,
      { saml: { idpEntityId: metadata.idpEntityId, idpSsoUrl: metadata.idpSsoUrl, idpCertificate: metadata.certificates.join('\n') } },
      actorOf(caller),
    );
  }
}
