import type { CocoonClient } from "/sdk/cocoon.js";
import { h } from "./dom";

export class Dashboard {
  readonly root: HTMLElement = h("section", { testid: "dashboard", cls: "view" });
  constructor(private client: CocoonClient) {}
  async load(): Promise<void> {}
}
