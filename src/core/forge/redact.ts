// Keeps secrets out of every message and log line the forge layer produces.

export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  /** The text with every known secret, and anything shaped like a GitHub token, replaced. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out
      .replace(/\b(gh[pousr]_[A-Za-z0-9_]{8,}|github_pat_[A-Za-z0-9_]{8,})/g, '***')
      .replace(/(authorization["']?\s*[:=]\s*["']?)(token|bearer|basic)?\s*[^\s"',}]+/gi, '$1$2 ***')
      .replace(/(https?:\/\/)[^/@\s]+@/gi, '$1***@');
  }
}
