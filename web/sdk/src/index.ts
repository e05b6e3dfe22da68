/** Cocoon's browser SDK (docs/browser-sdk.md). */
export { connect, CocoonClient, CocoonStream, STREAM_MEDIA_TYPE, VOUCHER_HEADER } from "./client";
export type {
  Account, ConnectOptions, Earnings, FunctionDetail, Invocation, NetworkTerms, UsageHistory,
} from "./client";
export { CocoonError, canonicalJson, parseJsonExact } from "./bytes";
export { sealRequest, StreamOpener, decodeFrame, decodeChunk, readRecords } from "./envelope";
export { checkReceipt, verifyReceipt, verifyCommitment, commitmentDigest } from "./receipt";
export type { ReceiptExpectations, ReceiptVerdict, SignedReceipt, UsageReceipt } from "./receipt";
export { Payer, PayerKey, payloadHash, verifyVoucher, rawAddress, VOUCHER_TAG } from "./voucher";
export type { SignedVoucher, Voucher } from "./voucher";
export { verifyOffer, verifyEvidence, replicaBinding, TCB_ORDER } from "./attestation";
export type { Offer, Policy, Verdict, VerifiedOffer, Evidence, ReplicaKey } from "./attestation";
export {
  channelOpenMessage, topUpMessage, channelIdFor, channelStateInit, channelData, topUpBody,
  registrationMessage, paymentChannelCode, TOPUP_GAS_RESERVE,
} from "./ton";
export type { TonMessage, ChannelTerms, ChannelOpen, ChannelParams } from "./ton";
