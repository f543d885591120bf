// Text that looks like a credential, whoever wrote it: GitHub tokens, authorization headers and
// user:password@ in URLs. Shared by the forge layer's messages and the git call log.

/** The text with anything shaped like a token, an authorization value or URL credentials replaced by ***. */
export function redactSecretShapes(text: string): string {
  return text
    .replace(/\b(gh[pousr]_[A-Za-z0-9_]{8,}|github_pat_[A-Za-z0-9_]{8,})/g, '***')
    .replace(/(authorization["']?\s*[:=]\s*["']?)(token|bearer|basic)?\s*[^\s"',}]+/gi, '$1$2 ***')
    .replace(/(https?:\/\/)[^/@\s]+@/gi, '$1***@');
}
