import type { CocoonClient, NetworkTerms } from "/sdk/cocoon.js";

export async function startTonConnect(section: HTMLElement, client: CocoonClient,
    network: NetworkTerms, status: HTMLElement, onCredited: () => void): Promise<void> {
  status.textContent = "TON Connect: not yet";
  void section; void client; void network; void onCredited;
}
