// The local stand-in for the EventBridge rules that route SES and SMS events to our handler.
// Emulators publish full EventBridge envelopes so the handler sees exactly what AWS delivers.
export interface EventBridgeEvent<D = unknown> {
  version: "0";
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: D;
}

export type EventSink = (event: EventBridgeEvent) => Promise<void>;

export const LOCAL_ACCOUNT = "000000000000";
export const LOCAL_REGION = "us-east-1";
