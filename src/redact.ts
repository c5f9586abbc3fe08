/**
 * One redaction pass over everything the tool writes: secrets are replaced before output leaves the process.
 */
/** `scheme://user:` followed by the password and `@`; the password stops at the first `@`, `/` or space. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)[^\s/?#@]*@/gi;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remembers a secret (and its URL-encoded form, as it appears in query strings). */
  add(secret: string): void {
    if (secret.length < 4) return; // too short to redact without mangling ordinary text
    this.secrets.add(secret);
    this.secrets.add(encodeURIComponent(secret));
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join("***");
    // Tokens in URLs from libraries that put them in query strings.
    out = out.replace(/([?&](?:access_token|input_token|client_secret)=)[^&\s"']+/g, "$1***");
    // A password in a URL's user part (https://user:password@host), e.g. a proxy or instance URL of the config.
    return out.replace(URL_PASSWORD, "$1***@");
  }
}
