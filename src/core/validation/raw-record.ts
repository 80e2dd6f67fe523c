import { Transform } from 'class-transformer';

/**
 * A free-form map (`Record<string, X>`) kept exactly as the JSON gave it. class-transformer
 * copies plain objects key by key and skips keys whose value on the copy is a function:
 * `constructor`, `toString` and every other Object.prototype member vanished, so
 * `{ "constructor": "Allowed" }` became `{}` and was accepted instead of refused.
 */
export const RawRecord = () =>
  Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
    const raw = obj[key];
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { ...raw } : raw;
  });
