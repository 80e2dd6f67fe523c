/** A password an administrator hands over once: 16 characters from the browser's CSPRNG. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // 256 % 57 ≠ 0 would bias; reject the few bytes above the last full multiple.
  let out = '';
  let pool = bytes;
  let i = 0;
  while (out.length < 16) {
    if (i === pool.length) ((pool = crypto.getRandomValues(new Uint8Array(16))), (i = 0));
    const b = pool[i++];
    if (b < 228) out += alphabet[b % 57];
  }
  return out;
}
