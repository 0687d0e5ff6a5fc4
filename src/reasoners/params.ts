import { z } from 'zod';

/**
 * A numeric reasoner parameter from a CLI string or a value: a number, or a
 * string that spells one ("5", "0.7"). Unlike z.coerce it refuses "", null
 * and true, which would become 0 and 1.
 */
export function numberParam<Schema extends z.ZodNumber>(schema: Schema) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
    schema,
  );
}
