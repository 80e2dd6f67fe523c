import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class ImportIdpMetadataDto {
  /**
   * The identity provider's SAML 2.0 metadata XML (an md:EntityDescriptor), pasted as is.
   */
  @ApiProperty({
    example: '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.org/metadata">...</md:EntityDescriptor>',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(500000)
  metadataXml: string;
}
