/**
 * The pages' only way to the platform: the public GraphQL API (POST /graphql, graphql-ws on the same
 * URL) and the report URLs, with the bearer token pasted at sign-in. The token lives in
 * sessionStorage: it goes when the tab closes and is never sent as a cookie.
 */
import { byId, h, replace } from './dom';
import { DEPARTMENT_NAMES, ROLE_NAMES } from './labels';

const TOKEN_KEY = 'social-assistance.token';

export interface GraphQLError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; department?: string; field?: string; [key: string]: unknown };
}

export interface Withheld {
  path: Array<string | number>;
  reason: string;
}

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: GraphQLError[];
  extensions?: { withheld?: Withheld[] };
}

/** What the token says of its holder (read for display only: the gateway verifies it). */
export interface Claims {
  /** the user */
  sub?: string;
  department?: string;
  role?: string;
  region?: string | null;
  exp?: number;
}

export function currentToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function claimsOf(token: string): Claims | null {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
    return JSON.parse(json) as Claims;
  } catch {
    return null;
  }
}

export function currentClaims(): Claims {
  const token = currentToken();
  return (token && claimsOf(token)) || {};
}

export class SignedOutError extends Error {}

export async function graphql<T>(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResult<T>> {
  const token = currentToken();
  if (!token) throw new SignedOutError('not signed in');
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as GraphQLResult<T>;
  if (result.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
    signOut('令牌无效或已过期，请重新登录。');
    throw new SignedOutError('token refused');
  }
  return result;
}

/** A report file, fetched with the token (a plain link could not carry it) and saved under its own name. */
export async function downloadReport(path: string): Promise<string> {
  const token = currentToken();
  if (!token) throw new SignedOutError('not signed in');
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    const body = await response.text();
    let message = `HTTP ${response.status}`;
    try {
      message = (JSON.parse(body) as GraphQLResult<unknown>).errors?.[0]?.message ?? message;
    } catch {
      // not JSON: the status says enough
    }
    throw new Error(message);
  }
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : (plain ?? path.split('/').pop()!.split('?')[0]);
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

let onSignedIn: () => void = () => {};

const PAGES: Array<[string, string]> = [
  ['/window', '受理窗口'],
  ['/dashboard', '领导看板'],
];

/**
 * Fills the header (pages, holder line, 退出) and the sign-in form (#signin; its `data-example` is
 * the development token command for this page). `start` runs once a token is there, now or after it
 * is pasted.
 */
export function setUpSignIn(start: () => void): void {
  onSignedIn = start;
  const header = document.querySelector<HTMLElement>('header.top')!;
  const signOutButton = h('button', { type: 'button', id: 'signout', hidden: true }, '退出');
  header.append(
    h(
      'nav',
      { 'aria-label': '页面' },
      ...PAGES.flatMap(([path, name], i) => [
        i ? ' · ' : '',
        h('a', { href: path, 'aria-current': location.pathname === path ? 'page' : undefined }, name),
      ]),
    ),
    h('p', { id: 'who', class: 'who' }, '未登录'),
    signOutButton,
  );
  const example =
    byId('signin').dataset.example ?? '--department CIVIL_AFFAIRS --role WINDOW --region 330381';
  const field = h('textarea', {
    id: 'signin-token',
    rows: '4',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const form = h(
    'form',
    { id: 'signin-form' },
    h(
      'label',
      { for: 'signin-token' },
      '访问令牌（开发环境：',
      h('code', {}, `npm run --silent token -- ${example}`),
      '）',
    ),
    field,
    h('p', { id: 'signin-error', class: 'error', role: 'alert' }),
    h('button', { type: 'submit' }, '登录'),
  );
  replace(byId('signin'), h('h2', { id: 'signin-title' }, '登录'), form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = field.value.trim().replace(/^Bearer\s+/i, '');
    const claims = claimsOf(token);
    if (!claims) {
      byId('signin-error').textContent = '这不是一个令牌：应为三段以点分隔的字符串（JWT）。';
      field.setAttribute('aria-invalid', 'true');
      field.focus();
      return;
    }
    field.value = '';
    field.removeAttribute('aria-invalid');
    sessionStorage.setItem(TOKEN_KEY, token);
    showSignedIn();
  });
  signOutButton.addEventListener('click', () => signOut('已退出。'));
  if (currentToken()) showSignedIn();
  else signOut('');
}

function showSignedIn(): void {
  const claims = currentClaims();
  byId('signin').hidden = true;
  byId('app').hidden = false;
  byId('signout').hidden = false;
  replace(
    byId('who'),
    `${claims.sub ?? '未知用户'} · ${DEPARTMENT_NAMES[claims.department ?? ''] ?? claims.department ?? ''} · ` +
      `${ROLE_NAMES[claims.role ?? ''] ?? claims.role ?? ''} · 辖区 ${claims.region ?? '全国'}`,
  );
  onSignedIn();
}

/** dispatched on `window` when the token is dropped: whatever runs on it (the live feed) stops */
export const SIGNED_OUT = 'social-assistance:signed-out';

export function signOut(message: string): void {
  sessionStorage.removeItem(TOKEN_KEY);
  window.dispatchEvent(new Event(SIGNED_OUT));
  byId('app').hidden = true;
  byId('signin').hidden = false;
  byId('signout').hidden = true;
  replace(byId('who'), '未登录');
  byId('signin-error').textContent = message;
}

/** Errors that are not about one department, as one line each. */
export function errorText(errors: GraphQLError[] | undefined): string {
  return (errors ?? [])
    .map((e) => `${e.message}${e.extensions?.code ? `（${e.extensions.code}）` : ''}`)
    .join('；');
}
