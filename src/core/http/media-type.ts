/** The request's media type, lower-cased, without parameters (media types are case-insensitive, RFC 9110). */
export function mediaTypeOf(req: { headers: Record<string, string | string[] | undefined> }): string {
  const header = req.headers['content-type'];
  return (typeof header === 'string' ? header : '').split(';')[0].trim().toLowerCase();
}

export const isFormPost = (req: { headers: Record<string, string | string[] | undefined> }) => mediaTypeOf(req) === 'application/x-www-form-urlencoded';
