/** Sign-in. Inside Telegram the launch parameters carry initData (the SDK of
 * @telegram-apps reads them from the URL hash `#tgWebAppData=...`, as Telegram passes them, or
 * from this tab's session storage after a reload): it is exchanged at POST
 * /v1/telegram/session for a session. Elsewhere, a form takes an API key (kept in
 * sessionStorage: gone when the tab closes) and an optional payer key for vouchers (hex
 * Ed25519 seed, kept in localStorage: it is the user's own key, only used in this page). */
import { postEvent, retrieveLaunchParams, retrieveRawInitData } from "@telegram-apps/sdk";

const KEY_ITEM = "cocoon.apiKey";
const PAYER_ITEM = "cocoon.payerKey";

export interface Launch {
  initData?: string;
  theme: Record<string, string>;
  platform?: string;
}

/** Telegram's launch parameters, or none (a plain browser). */
export function launch(): Launch {
  try {
    const lp = retrieveLaunchParams();
    const theme: Record<string, string> = {};
    for (const [k, v] of Object.entries(lp.tgWebAppThemeParams ?? {})) {
      if (typeof v === "string") theme[k] = v;
    }
    return { initData: retrieveRawInitData() || undefined, theme,
             platform: lp.tgWebAppPlatform };
  } catch {
    return { theme: {} };
  }
}

/** Tell the Telegram client the app is drawn (it then drops its placeholder) and may take the
 * whole height. Only where a Telegram client is there to hear it: a web client's parent
 * frame, or the webview proxy of the mobile and desktop apps; a plain browser opened with
 * launch parameters (development, tests) has neither. */
export function ready(): void {
  if (!inTelegramClient()) return;
  try {
    postEvent("web_app_ready");
    postEvent("web_app_expand");
  } catch { /* an older client: the app still works */ }
}

/** Whether a Telegram client shows this page: a parent frame (Telegram's web clients; the CSP
 * lets no other site frame the app) or the mobile and desktop apps' webview proxy. A link
 * opened in a plain browser has neither, whatever its URL hash says. */
export function inTelegramClient(): boolean {
  const w = window as unknown as { TelegramWebviewProxy?: unknown };
  return window.parent !== window || w.TelegramWebviewProxy !== undefined;
}

/** Telegram's theme colours as the CSS variables its clients set (`--tg-theme-bg-color`...):
 * app.css reads them, with fallbacks for a plain browser. */
export function applyTheme(theme: Record<string, string>): void {
  for (const [key, value] of Object.entries(theme)) {
    const name = key.replace(/([A-Z])/g, "_$1").toLowerCase().replace(/_/g, "-");
    if (/^#[0-9a-f]{3,8}$/i.test(value)) {
      document.documentElement.style.setProperty(`--tg-theme-${name}`, value);
    }
  }
}

export const storedKey = (): string | null => sessionStorage.getItem(KEY_ITEM);
export const storedPayer = (): string | null => localStorage.getItem(PAYER_ITEM);

export function remember(apiKey: string, payerKey: string): void {
  sessionStorage.setItem(KEY_ITEM, apiKey);
  if (payerKey) localStorage.setItem(PAYER_ITEM, payerKey);
  else localStorage.removeItem(PAYER_ITEM);
}

/** A new payer key (32 random bytes, hex), kept in this browser's localStorage: it signs the
 * account's vouchers and registers its channel. The user is shown it once to keep a copy. */
export function createPayer(): string {
  const seed = Array.from(crypto.getRandomValues(new Uint8Array(32)),
                          (b) => b.toString(16).padStart(2, "0")).join("");
  localStorage.setItem(PAYER_ITEM, seed);
  return seed;
}

export function forget(): void {
  sessionStorage.removeItem(KEY_ITEM);
}
