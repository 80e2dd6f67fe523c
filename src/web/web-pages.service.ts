import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { readShell } from './frontend-build';

export interface Page {
  status: number;
  html: string;
}

/**
 * Strict policy for the pages (Swagger UI keeps its own, it needs inline script): our own
 * scripts and styles only, no framing, no plugins, forms and fetches to this origin only.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const plainPage = (title: string, html: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${title}</title></head>` +
  `<body><main><h1>${title}</h1>${html}</main></body></html>`;

@Injectable()
export class WebPagesService implements OnModuleInit {
  private readonly logger = new Logger(WebPagesService.name);
  private built: string | null = null;
  readonly contentSecurityPolicy = PAGE_CSP;

  onModuleInit(): void {
    this.built = readShell();
    if (!this.built) this.logger.warn('The front end is not built (dist/frontend); run npm run build to serve the website');
  }

  shell(): Page {
    if (!this.built)
      return { status: 503, html: plainPage('Website not built', '<p>The server was started without its compiled pages: run npm run build.</p>') };
    return { status: 200, html: this.built };
  }

  home(): Page {
    return {
      status: 200,
      html: plainPage(
        'IPS server',
        '<p>Each tenant has its website at <code>/&lt;tenant&gt;/</code> and its OData feed at <code>/&lt;tenant&gt;/odata/</code>.</p>' +
          '<ul><li><a href="/api/docs">Web API documentation (Swagger UI)</a></li><li><a href="/api/docs-json">OpenAPI document</a></li><li><a href="/health">Health</a></li></ul>',
      ),
    };
  }
}
