export interface MailLayout {
  lang: string;
  /** Already escaped. */
  title: string;
  /** Already escaped html; a blank line starts a paragraph, a single newline breaks the line. */
  body: string;
  /** Already escaped html: why the reader got this mail. */
  footer: string;
}

const FONT = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,'PingFang SC','Microsoft YaHei',sans-serif";

/**
 * The one html frame every mail shares. Tables and inline styles, because mail clients ignore
 * stylesheets and most of CSS layout; no images, so nothing is fetched when the mail is opened.
 */
export function renderMailLayout({ lang, title, body, footer }: MailLayout): string {
  const paragraphs = body
    .split(/\n{2,}/)
    .map((paragraph) => `<p style="margin:0 0 16px;">${lineBreaks(paragraph.trim())}</p>`)
    .join('\n');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 12px;">
<tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;font-family:${FONT};color:#111827;">
<tr><td style="padding:20px 32px;border-bottom:1px solid #e5e7eb;font-size:20px;font-weight:600;color:#1d4ed8;">Nimbus</td></tr>
<tr><td style="padding:24px 32px 8px;font-size:16px;line-height:1.6;">
${paragraphs}
</td></tr>
<tr><td style="padding:16px 32px 24px;border-top:1px solid #e5e7eb;font-size:12px;line-height:1.5;color:#6b7280;">${lineBreaks(footer)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function lineBreaks(html: string): string {
  return html.replace(/\n/g, '<br>\n');
}
