import { ApiProperty } from '@nestjs/swagger';
import { RawRecord } from '../../core/validation/raw-record';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';

export class WorkgroupDto {
  /** @example Analysts */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  /** User ids of the members (users of this tenant). Ignored for Everyone, whose membership is implicit. */
  @ApiProperty({ type: 'array', items: { type: 'integer', minimum: 1 }, example: [7, 8] })
  @IsArray()
  @ArrayMaxSize(10000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  members: number[];

  /** Role name → "Allowed" or "Denied"; roles left out are unset. */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['Allowed', 'Denied'] },
    example: { 'Data/Read': 'Allowed', 'Security/API Key': 'Allowed' },
  })
  @IsObject()
  @RawRecord()
  roles: Record<string, string>;
}
