/**
 * One redaction pass over everything the tool writes: secrets are replaced before output leaves the process.
 */
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
    return out.replace(/([?&](?:access_token|input_token|client_secret)=)[^&\s"']+/g, "$1***");
  }
}
