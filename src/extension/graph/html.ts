// The graph webview's HTML: the bundled script and styles only, under a strict Content Security
// Policy with a fresh nonce per load. No vscode import, so the static test harness uses it too.
import { randomBytes } from 'node:crypto';

export interface GraphHtmlOptions {
  /** webview.cspSource: where the bundle is served from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** 'panel' (editor tab) or 'view' (sidebar); the styles differ a little. */
  placement: 'panel' | 'view';
  nonce?: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

export function graphHtml(options: GraphHtmlOptions): string {
  const nonce = options.nonce ?? newNonce();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${options.cspSource}`,
    `font-src ${options.cspSource}`,
    `img-src ${options.cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(options.styleUri)}">
<title>Stackline Graph</title>
</head>
<body data-placement="${options.placement}" data-vscode-context='{"preventDefaultContextMenuItems": true}'>
<script nonce="${nonce}" src="${escapeAttribute(options.scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
