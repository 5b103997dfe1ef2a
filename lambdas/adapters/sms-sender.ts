// SMS through AWS End User Messaging (SendTextMessage, the default) or, for accounts that already
// have a Pinpoint project, Pinpoint's SendMessages, which lives on under End User Messaging.
import { PinpointClient, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { UnsubscribedError } from "../core/shared/errors.js";
import type { OutgoingSms, SendReceipt, SmsSender } from "../core/shared/ports.js";
import { translateSendError } from "./aws-errors.js";
import { clientConfig, withLocalHooks, once, type RuntimeEnv } from "./client-config.js";

export class EndUserMessagingSmsSender implements SmsSender {
  constructor(
    private readonly client: PinpointSMSVoiceV2Client,
    private readonly config: { originationIdentity: string; configurationSet: string },
  ) {}

  async sendSms(sms: OutgoingSms): Promise<SendReceipt> {
    try {
      const out = await this.client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: sms.to,
          OriginationIdentity: this.config.originationIdentity,
          MessageBody: sms.body,
          MessageType: "TRANSACTIONAL",
          ConfigurationSetName: this.config.configurationSet,
          Context: sms.tags,
        }),
      );
      return { provider: "sms-voice-v2", providerMessageId: out.MessageId ?? "" };
    } catch (error) {
      // The number replied STOP (or another opt-out keyword) and is on the opt-out list: AWS refuses
      // with ConflictException, Reason DESTINATION_PHONE_NUMBER_OPTED_OUT, and sends nothing.
      // https://docs.aws.amazon.com/sms-voice/latest/userguide/opt-out-list.html
      const e = error as { name?: string; Reason?: string };
      if (e?.name === "ConflictException" && e.Reason === "DESTINATION_PHONE_NUMBER_OPTED_OUT") {
        throw new UnsubscribedError(`${sms.to} has opted out of SMS at End User Messaging`, { channel: "sms", provider: "sms-voice-v2" });
      }
      translateSendError("End User Messaging SMS", error);
    }
  }
}

export class PinpointSmsSender implements SmsSender {
  constructor(
    private readonly client: PinpointClient,
    private readonly config: { applicationId: string; originationNumber: string },
  ) {}

  async sendSms(sms: OutgoingSms): Promise<SendReceipt> {
    let out;
    try {
      out = await this.client.send(
        new SendMessagesCommand({
          ApplicationId: this.config.applicationId,
          MessageRequest: {
            Addresses: { [sms.to]: { ChannelType: "SMS" } },
            Context: sms.tags,
            MessageConfiguration: {
              SMSMessage: { Body: sms.body, MessageType: "TRANSACTIONAL", OriginationNumber: this.config.originationNumber },
            },
          },
        }),
      );
    } catch (error) {
      translateSendError("Pinpoint", error);
    }
    // SendMessages reports per address inside a 200 response, so a refused address is not an exception.
    const result = out.MessageResponse?.Result?.[sms.to];
    // OPT_OUT: "The user who's associated with the endpoint address has opted out of receiving messages
    // from you. Amazon Pinpoint won't attempt to send the message again." (MessageResult.DeliveryStatus)
    if (result?.DeliveryStatus === "OPT_OUT") throw new UnsubscribedError(`${sms.to} has opted out of SMS at Pinpoint`, { channel: "sms", provider: "pinpoint" });
    if (!result || result.DeliveryStatus !== "SUCCESSFUL") {
      const status = result?.DeliveryStatus ?? "UNKNOWN";
      const error = new Error(`Pinpoint did not accept the SMS: ${status} ${result?.StatusMessage ?? ""}`.trim());
      if (status === "THROTTLED" || status === "TEMPORARY_FAILURE") translateSendError("Pinpoint", Object.assign(error, { $retryable: true }));
      throw error;
    }
    return { provider: "pinpoint", providerMessageId: result.MessageId ?? "" };
  }
}


export function smsSenderFrom(
  env: RuntimeEnv & { SMS_PROVIDER: "sms-voice-v2" | "pinpoint"; SMS_ORIGINATION_IDENTITY: string; SMS_CONFIGURATION_SET: string; PINPOINT_APPLICATION_ID: string },
): SmsSender {
  return once(`sms:${env.SMS_PROVIDER}`, () => {
    if (env.SMS_PROVIDER === "pinpoint") {
      if (!env.PINPOINT_APPLICATION_ID) throw new Error("SMS_PROVIDER=pinpoint requires PINPOINT_APPLICATION_ID");
      return new PinpointSmsSender(withLocalHooks(new PinpointClient(clientConfig(env, "pinpoint"))), {
        applicationId: env.PINPOINT_APPLICATION_ID,
        originationNumber: env.SMS_ORIGINATION_IDENTITY,
      });
    }
    return new EndUserMessagingSmsSender(withLocalHooks(new PinpointSMSVoiceV2Client(clientConfig(env, "smsVoiceV2"))), {
      originationIdentity: env.SMS_ORIGINATION_IDENTITY,
      configurationSet: env.SMS_CONFIGURATION_SET,
    });
  });
}
