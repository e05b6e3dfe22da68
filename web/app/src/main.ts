/** The Mini App (served at /app/): sign in (Telegram initData, else an API key), then the
 * invoke view and the dashboard, as two tabs of one page. Everything shown comes from the
 * authenticated API through the SDK, imported from the gateway at run time. */
import { type CocoonClient, type NetworkTerms, connect } from "/sdk/cocoon.js";
import {
  applyTheme, forget, inTelegramClient, launch, ready, remember, storedKey, storedPayer,
} from "./auth";
import { Dashboard } from "./dashboard";
import { byTestId, describeError, h, ton } from "./dom";
import { InvokeView } from "./invoke";
import { topUpSection } from "./topup";

const root = document.getElementById("app")!;

/** GET /v1/network (public): read before sign-in, it decides the TEE policy (simulated
 * evidence only on the embedded chain) and whether TON Connect may start. */
async function publicNetwork(): Promise<NetworkTerms> {
  const resp = await fetch("/v1/network");
  if (!resp.ok) throw new Error(`GET /v1/network answered ${resp.status}`);
  return resp.json();
}

async function start(): Promise<void> {
  const lp = launch();
  if (lp.initData) ready();
  let network: NetworkTerms;
  try {
    network = await publicNetwork();
  } catch (exc) {
    root.replaceChildren(h("p", { testid: "error", cls: "error" }, describeError(exc)));
    return;
  }
  // A simulated TEE is accepted on this machine's embedded network only: on real TON the
  // page insists on hardware evidence, as a production policy does.
  const allowSimulated = network.chain !== "ton";
  const payerKey = storedPayer() ?? undefined;
  // On real TON, initData from the URL counts only inside a Telegram client: a link carrying
  // someone else's (valid for a day) would sign a plain browser in to that person's account,
  // and a top-up made there would credit it. (Plain browsers with launch parameters remain
  // the way to develop and test on the embedded chain.)
  if (lp.initData && network.chain === "ton" && !inTelegramClient()) {
    return signInForm(network, "This link carries Telegram sign-in data: open it from "
      + "Telegram, or sign in with an API key.");
  }
  if (lp.initData) {
    try {
      const client = await connect({ initData: lp.initData, allowSimulated, payerKey,
                                     fetch: renewing(lp.initData) });
      // Telegram's colours once Telegram's signature held: a link made elsewhere (launch
      // parameters are only a URL hash) must not recolour the page, e.g. hide its prices
      applyTheme(lp.theme);
      return await signedIn(client, network, true);
    } catch (exc) {
      return signInForm(network, describeError(exc));
    }
  }
  const key = storedKey();
  if (key) {
    try {
      return await signedIn(await connect({ apiKey: key, allowSimulated, payerKey }), network,
                            false);
    } catch (exc) {
      forget();
      return signInForm(network, describeError(exc));
    }
  }
  signInForm(network);
}

/** fetch for a Telegram session: a session lasts an hour ([gateway] telegram_session_s), a Mini
 * App may stay open longer. A call refused with 401 gets a new session for the same initData
 * (still valid for [gateway] telegram_max_age_s) and is sent again once; later calls carry
 * the new session. The request's body (bytes or a string) is sent unchanged both times. */
function renewing(initData: string): typeof fetch {
  let session: string | undefined;
  let renewal: Promise<string | undefined> | undefined; // one at a time, shared by the refused
  const renew = async (): Promise<string | undefined> => {
    const resp = await fetch("/v1/telegram/session", {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ init_data: initData }) });
    return resp.ok ? String((await resp.json()).session) : undefined;
  };
  return async (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has("authorization")) return fetch(input, init); // the sign-in itself
    if (session) headers.set("authorization", `Bearer ${session}`);
    const sent = session;
    const first = await fetch(input, { ...init, headers });
    if (first.status !== 401) return first;
    if (session === sent) { // not renewed meanwhile by another call
      renewal ??= renew().finally(() => { renewal = undefined; });
      session = (await renewal) ?? session;
    }
    if (session === sent) return first;
    headers.set("authorization", `Bearer ${session}`);
    return fetch(input, { ...init, headers });
  };
}

function signInForm(network: NetworkTerms, error = ""): void {
  const form = h("form", { testid: "sign-in", cls: "card" },
    h("h2", {}, "Sign in"),
    h("p", { testid: "auth-error", cls: "error", role: "alert" }, error),
    h("label", {}, "API key", h("input", { testid: "api-key", name: "apiKey", type: "password",
                                            autocomplete: "off", required: true })),
    h("label", {}, "Payer key (optional: hex Ed25519 seed that signs your vouchers)",
      h("input", { testid: "payer-key", name: "payerKey", type: "password",
                   autocomplete: "off", value: storedPayer() ?? undefined })),
    h("button", { testid: "sign-in-button", cls: "primary", type: "submit" }, "Sign in"),
    h("p", { cls: "muted" }, "Inside Telegram you are signed in with your Telegram account."));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const apiKey = String(data.get("apiKey") ?? "").trim();
    const payerKey = String(data.get("payerKey") ?? "").trim();
    void (async () => {
      try {
        const client = await connect({ apiKey, allowSimulated: network.chain !== "ton",
                                       payerKey: payerKey || undefined });
        await client.account(); // the key works
        remember(apiKey, payerKey);
        await signedIn(client, network, false);
      } catch (exc) {
        byTestId("auth-error", form).textContent = describeError(exc);
      }
    })();
  });
  root.replaceChildren(form);
}

async function signedIn(client: CocoonClient, network: NetworkTerms, telegram: boolean):
    Promise<void> {
  const account = await client.account();
  const balance = h("span", { testid: "balance", cls: "mono" });
  const refresh = async () => {
    try {
      const a = await client.account();
      balance.textContent = `${ton(a.available)} TON`;
    } catch { /* shown at the next call */ }
  };
  balance.textContent = `${ton(account.available)} TON`;
  const invoke = new InvokeView(client, () => void refresh());
  const dashboard = new Dashboard(client);
  const tabs = h("nav", { cls: "tabs" },
    h("button", { testid: "tab-invoke", cls: "tab active" }, "Invoke"),
    h("button", { testid: "tab-dashboard", cls: "tab" }, "Dashboard"));
  const show = (which: "invoke" | "dashboard") => {
    invoke.root.hidden = which !== "invoke";
    dashboard.root.hidden = which !== "dashboard";
    for (const b of tabs.querySelectorAll("button")) {
      b.classList.toggle("active", b.dataset.testid === `tab-${which}`);
    }
    if (which === "dashboard") void dashboard.load();
  };
  byTestId("tab-invoke", tabs).addEventListener("click", () => show("invoke"));
  byTestId("tab-dashboard", tabs).addEventListener("click", () => show("dashboard"));
  const signOut = h("button", { testid: "sign-out", cls: "link" }, "sign out");
  signOut.addEventListener("click", () => {
    forget();
    location.reload();
  });
  root.replaceChildren(
    h("header", { cls: "bar" },
      h("span", { cls: "who" }, telegram ? "Telegram account " : "account ",
        h("span", { testid: "account", cls: "mono" }, account.id)),
      h("span", {}, "available ", balance),
      telegram ? null : signOut),
    tabs, invoke.root, dashboard.root, topUpSection(client, network, () => void refresh()));
  show("invoke");
  await invoke.load();
}

void start();
