// Where a server message belongs: the Web API's 400 names the field it is about
// ("saml.idpSsoUrl must be an http(s) URL"; several joined by "; "), so a form can show each
// part beside its field and the rest above the button (key '').

/** Puts a server message beside the field it names ("saml.idpSsoUrl must be…"), else at the top. */
export function errorsByField(message: string, fields: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of message.split('; ')) {
    // Longest names first, so "saml.idpSsoUrl" wins over a shorter prefix.
    const field = [...fields].sort((a, b) => b.length - a.length).find((f) => part.startsWith(f + ' ') || part.includes(` ${f} `) || part.startsWith(f + '.'));
    const key = field ?? '';
    out[key] = out[key] ? `${out[key]}; ${part}` : part;
  }
  return out;
}
