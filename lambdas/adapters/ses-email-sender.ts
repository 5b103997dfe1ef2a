import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { EmailSender, OutgoingEmail, SendReceipt } from "../core/shared/ports.js";
import { translateSendError } from "./aws-errors.js";
import { clientConfig, withLocalHooks, once, type RuntimeEnv } from "./client-config.js";

export class SesEmailSender implements EmailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly config: { from: string; configurationSet: string },
  ) {}

  async sendEmail(email: OutgoingEmail): Promise<SendReceipt> {
    try {
      const out = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.config.from,
          Destination: { ToAddresses: [email.to] },
          ConfigurationSetName: this.config.configurationSet,
          EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })),
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: "UTF-8" },
              Body: { Html: { Data: email.html, Charset: "UTF-8" }, Text: { Data: email.text, Charset: "UTF-8" } },
              Headers: Object.entries(email.headers).map(([Name, Value]) => ({ Name, Value })),
              // SES v2 Simple content carries attachments itself, so no hand-built MIME is needed.
              ...(email.attachments?.length
                ? { Attachments: email.attachments.map((a) => ({ FileName: a.filename, ContentType: a.contentType, ContentDisposition: "ATTACHMENT" as const, RawContent: Buffer.from(a.content, "utf8") })) }
                : {}),
            },
          },
        }),
      );
      return { provider: "sesv2", providerMessageId: out.MessageId ?? "" };
    } catch (error) {
      translateSendError("SES", error);
    }
  }
}


export function emailSenderFrom(env: RuntimeEnv & { EMAIL_FROM: string; SES_CONFIGURATION_SET: string }): EmailSender {
  return once("ses", () => new SesEmailSender(withLocalHooks(new SESv2Client(clientConfig(env, "sesv2"))), { from: env.EMAIL_FROM, configurationSet: env.SES_CONFIGURATION_SET }));
}
