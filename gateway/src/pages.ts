/**
 * The zh-CN pages (web/): GET /window (reception window) and GET /dashboard (leaders' live view),
 * their scripts and styles under /pages/. Built by esbuild at `npm ci`; outside production built
 * here first when the output is missing or older than its sources (web/build.ts), so `npm start`
 * and the tests always serve what the sources say. A strict Content-Security-Policy: scripts and styles from this origin
 * only (no inline code), connections to this origin only (the API and its WebSocket), no frames.
 */
import path from 'node:path';
import express from 'express';
import { log } from '../../shared/logging';
import { PAGES_DIR, ensurePages } from '../../web/build';

export const PAGES_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  // 'self' covers ws:// and wss:// to this host too (CSP Level 3)
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGES: Record<string, string> = { '/window': 'window.html', '/dashboard': 'dashboard.html' };

/**
 * `buildOnTheFly`: build first when the output is missing or stale (development and tests). In
 * production the image built the pages at `npm ci` and its files are served as they are.
 */
export function pageRoutes(app: express.Express, buildOnTheFly: boolean): void {
  const secure: express.RequestHandler = (_req, res, next) => {
    res.set({
      'content-security-policy': PAGES_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    next();
  };
  const built: express.RequestHandler = (_req, res, next) => {
    if (!buildOnTheFly) return next();
    ensurePages().then(
      () => next(),
      (e: Error) => {
        log.error('the pages could not be built', { error: e.message });
        res.status(500).type('text/plain').send('the pages could not be built; see the gateway log');
      },
    );
  };
  for (const [route, file] of Object.entries(PAGES)) {
    app.get(route, secure, built, (_req, res) => {
      // the page itself is small and changes with each build: always revalidated
      res.set('cache-control', 'no-cache').sendFile(path.join(PAGES_DIR, file));
    });
  }
  app.use(
    '/pages',
    secure,
    built,
    express.static(PAGES_DIR, { index: false, cacheControl: true, maxAge: 0 }),
  );
}
