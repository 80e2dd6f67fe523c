import { RawRecord } from '../../core/validation/raw-record';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';

export class WorkgroupDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  /** User ids of the members (users of this tenant). Ignored for Everyone, whose membership is implicit. */
  @IsArray()
  @ArrayMaxSize(10000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  members: number[];

  /** Role name → "Allowed" or "Denied"; roles left out are unset. */
  @IsObject()
  @RawRecord()
  roles: Record<string, string>;
}
