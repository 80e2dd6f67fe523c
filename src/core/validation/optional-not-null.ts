import { ValidateIf } from 'class-validator';

/**
 * For optional fields whose column is NOT NULL: may be left out, but an explicit null is
 * validated (and refused with a 400 naming the field). class-validator's @IsOptional()
 * lets null through, which reached the database as a NOT NULL violation (a 500).
 */
export const OptionalNotNull = () => ValidateIf((_, value) => value !== undefined);
