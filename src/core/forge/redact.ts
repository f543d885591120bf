// Keeps secrets out of every message and log line the forge layer produces.
import { redactSecretShapes } from '../secretShapes';

export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  /** The text with every known secret, and anything shaped like a GitHub token, replaced. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return redactSecretShapes(out);
  }
}
