/** Top-ups. Credit comes only from the chain (a channel deposit or top-up). On a real TON
 * network the page opens the channel or tops it up from the user's wallet through TON Connect;
 * TON Connect is loaded (a separate chunk) and started only then, since it fetches wallet
 * lists from the internet. Elsewhere it says how to top up from the command line. */
import type { CocoonClient, NetworkTerms } from "/sdk/cocoon.js";
import { createPayer } from "./auth";
import { h } from "./dom";

export function topUpSection(client: CocoonClient, network: NetworkTerms,
                             onCredited: () => void): HTMLElement {
  const section = h("section", { testid: "topup", cls: "card" }, h("h3", {}, "Top up"));
  if (network.chain !== "ton") {
    section.append(h("p", {}, "This gateway runs an embedded chain (for development): credit "
      + "an account from its channel with ", h("code", {}, "cocoon channel top-up <TON>"),
      ", or open one with ", h("code", {}, "cocoon channel open --deposit <TON>"), "."));
    return section;
  }
  const button = h("button", { testid: "topup-connect", cls: "primary" },
                   "Top up with a TON wallet");
  const status = h("p", { testid: "topup-status", cls: "muted" });
  button.addEventListener("click", () => void (async () => {
    button.disabled = true;
    try {
      const { startTonConnect } = await import("./tonconnect");
      await startTonConnect(section, client, network, status, onCredited);
      button.remove();
    } catch (exc) {
      status.textContent = String((exc as Error).message ?? exc);
      button.disabled = false;
    }
  })());
  section.append(h("p", {}, "Deposits go to your payment channel with the platform, on TON."),
                 button, status);
  if (!client.payerPublicKey()) section.append(payerOffer());
  return section;
}

/** Without a payer key (inside Telegram there is no sign-in form to give one) the page can
 * make one: opening a channel needs it. Shown once for the user to keep; the page then
 * reloads to sign in with it. */
function payerOffer(): HTMLElement {
  const box = h("div", { testid: "payer-offer" },
    h("p", { cls: "muted" }, "Opening a channel needs a payer key: it signs your payments "
      + "to the platform and stays in this browser."));
  const create = h("button", { testid: "payer-create", cls: "link" }, "Create a payer key");
  create.addEventListener("click", () => {
    const seed = createPayer();
    const done = h("button", { testid: "payer-saved", cls: "primary" }, "I saved it");
    done.addEventListener("click", () => location.reload());
    box.replaceChildren(h("p", {}, "Your payer key (keep a copy: it is needed to use the "
      + "channel from elsewhere):"), h("code", { testid: "payer-backup", cls: "mono" }, seed),
      h("p", {}, done));
  });
  box.append(create);
  return box;
}
