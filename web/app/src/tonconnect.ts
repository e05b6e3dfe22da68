/** Top-ups from the user's own wallet with TON Connect (a separate chunk: loaded, and TON
 * Connect started, only on a real TON network; it fetches wallet lists from the internet).
 *
 * Without a channel: the SDK builds the channel's deploy (its code, the platform's terms from
 * GET /v1/network, this page's payer key, the wallet as owner) with the first deposit; the
 * wallet sends it; then the page registers the channel (POST /v1/account/channel, signed by
 * the payer key), retrying until the chain shows the contract. With a channel: a top-up
 * message to it; the gateway credits it when its chain watcher sees it. Either way the
 * platform never holds the user's keys: the wallet signs the transfer, the page signs only
 * the registration, with the payer key the user gave it. */
import { THEME, TonConnectUI } from "@tonconnect/ui";
import { type CocoonClient, type NetworkTerms, topUpMessage } from "/sdk/cocoon.js";
import { describeError, h, nanotons, ton } from "./dom";

const VALID_S = 300;
const POLL_MS = 5_000;
const POLL_LIMIT_MS = 180_000;
const TESTNET = "-3";

function crc16(data: Uint8Array): Uint8Array {
  let crc = 0;
  for (const byte of data) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = ((crc << 1) ^ (crc & 0x8000 ? 0x1021 : 0)) & 0xffff;
  }
  return new Uint8Array([crc >> 8, crc & 0xff]);
}

/** A raw address (`wc:hex`) as wallets show it: bounceable for a contract that exists (a
 * failed transfer comes back), non-bounceable for one this message deploys. */
export function friendly(raw: string, bounceable: boolean, testOnly: boolean): string {
  const [wc, hex] = raw.split(":");
  const bytes = new Uint8Array(36);
  bytes[0] = (bounceable ? 0x11 : 0x51) | (testOnly ? 0x80 : 0);
  bytes[1] = Number(wc) & 0xff;
  for (let i = 0; i < 32; i++) bytes[2 + i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  bytes.set(crc16(bytes.subarray(0, 34)), 34);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startTonConnect(section: HTMLElement, client: CocoonClient,
    network: NetworkTerms, status: HTMLElement, onCredited: () => void): Promise<void> {
  void network;
  const dark = getComputedStyle(document.body).colorScheme === "dark" ||
    matchMedia("(prefers-color-scheme: dark)").matches;
  const buttonRoot = h("div", { id: "ton-connect-button", testid: "ton-connect" });
  const amount = h("input", { type: "text", inputmode: "decimal", testid: "topup-amount",
                              placeholder: "TON, e.g. 5" });
  const send = h("button", { testid: "topup-send", cls: "primary" }, "Send");
  status.before(buttonRoot, h("label", {}, "Amount (TON)", amount), send);
  const ui = new TonConnectUI({
    manifestUrl: new URL("tonconnect-manifest.json", location.href).href,
    buttonRootId: buttonRoot.id,
    uiPreferences: { theme: dark ? THEME.DARK : THEME.LIGHT },
  });
  // listening before TON Connect has restored a wallet's connection (which can take seconds on
  // a phone: it fetches wallet lists): else a Send pressed meanwhile would do nothing
  send.addEventListener("click", () => void (async () => {
    const nano = nanotons(amount.value);
    if (nano === null) {
      status.textContent = "bad_request: the amount is not a positive number of TON";
      return;
    }
    send.disabled = true;
    try {
      await ui.connectionRestored;
      if (!ui.connected || !ui.account) {
        await ui.openModal();
        status.textContent = "Connect a wallet, then send again.";
        return;
      }
      await topUp(ui, client, nano, status);
      onCredited();
    } catch (exc) {
      status.textContent = describeError(exc);
    } finally {
      send.disabled = false;
    }
  })());
  await ui.connectionRestored;
}

async function topUp(ui: TonConnectUI, client: CocoonClient, nano: bigint,
                     status: HTMLElement): Promise<void> {
  const wallet = ui.account!;
  const testOnly = wallet.chain === TESTNET;
  const validUntil = Math.floor(Date.now() / 1000) + VALID_S;
  const before = await client.account();
  if (before.channel) {
    const msg = topUpMessage(before.channel.address, nano);
    status.textContent = "Confirm the top-up in your wallet…";
    await ui.sendTransaction({ validUntil, network: wallet.chain, messages: [
      { address: friendly(msg.address, true, testOnly), amount: msg.amount,
        payload: msg.payload }] });
    status.textContent = `Sent ${ton(nano)} TON: credited once the chain shows it.`;
    const credited = async () => BigInt((await client.account()).credited);
    await until(async () => await credited() > BigInt(before.credited));
    status.textContent = `Credited ${ton(nano)} TON.`;
    return;
  }
  if (!client.payerPublicKey()) {
    throw new Error("bad_request: opening a channel needs a payer key (sign in with one: it "
      + "signs your vouchers, and it is never sent anywhere)");
  }
  const msg = await client.channelOpenMessage({ ownerWallet: wallet.address, deposit: nano });
  status.textContent = "Confirm the channel's deploy in your wallet…";
  await ui.sendTransaction({ validUntil, network: wallet.chain, messages: [
    { address: friendly(msg.address, false, testOnly), amount: msg.amount,
      stateInit: msg.stateInit, payload: msg.payload }] });
  status.textContent = "Sent: registering the channel once the chain shows it…";
  await until(async () => {
    try {
      await client.registerChannel(msg.address);
      return true;
    } catch (exc) {
      if ((exc as { code?: string }).code === "invalid_channel") return false; // not yet
      throw exc;
    }
  });
  status.textContent = `Channel open with ${ton(nano)} TON.`;
}

async function until(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + POLL_LIMIT_MS;
  while (!(await done())) {
    if (Date.now() > deadline) {
      throw new Error("timeout: the chain does not show it yet; it is credited when it does");
    }
    await sleep(POLL_MS);
  }
}
