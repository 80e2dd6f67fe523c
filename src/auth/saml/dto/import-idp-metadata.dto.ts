import { IsString, MaxLength, MinLength } from 'class-validator';

export class ImportIdpMetadataDto {
  /** The identity provider's SAML 2.0 metadata XML (an md:EntityDescriptor), pasted as is. */
  @IsString()
  @MinLength(1)
  @MaxLength(500000)
  metadataXml: string;
}
