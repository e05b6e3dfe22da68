/** Top-ups. Credit comes only from the chain (a channel deposit or top-up). On a real TON
 * network the page opens the channel or tops it up from the user's wallet through TON Connect;
 * TON Connect is loaded (a separate chunk) and started only then, since it fetches wallet
 * lists from the internet. Elsewhere it says how to top up from the command line. */
import type { CocoonClient, NetworkTerms } from "/sdk/cocoon.js";
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
  return section;
}
