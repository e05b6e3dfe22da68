/** Cocoon's browser SDK (docs/browser-sdk.md). */
export { connect, CocoonClient, CocoonStream, STREAM_MEDIA_TYPE } from "./client";
export type { ConnectOptions, FunctionDetail, Invocation } from "./client";
export { CocoonError, canonicalJson } from "./bytes";
export { sealRequest, StreamOpener, decodeFrame, decodeChunk, readRecords } from "./envelope";
export { checkReceipt, verifyReceipt, verifyCommitment, commitmentDigest } from "./receipt";
export { verifyOffer, verifyEvidence, replicaBinding, TCB_ORDER } from "./attestation";
export type { Offer, Policy, Verdict, VerifiedOffer, Evidence, ReplicaKey } from "./attestation";
