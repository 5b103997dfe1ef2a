// Outbound messaging and its delivery feedback. Email goes through SES v2 with a configuration set whose
// events (send, delivery, bounce, complaint, open, click, reject, delay) are published to the default
// EventBridge bus; SMS goes through AWS End User Messaging SMS (or an existing Pinpoint project), which
// publishes text delivery events to the default bus by itself. Both feed the MessageEvents function.
import { Annotations, CfnOutput, Duration, Fn, Stack } from "aws-cdk-lib";
import { EventBus, Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction as LambdaTarget } from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement, ServicePrincipal, type IGrantable } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import {
  CfnConfigurationSetEventDestination,
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  Identity,
  SuppressionReasons,
  type IEmailIdentity,
} from "aws-cdk-lib/aws-ses";
import { CfnConfigurationSet as CfnSmsConfigurationSet } from "aws-cdk-lib/aws-smsvoice";
import { Topic } from "aws-cdk-lib/aws-sns";
import { LambdaSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { eventRules } from "../event-rules.js";
import { PLACEHOLDERS, type HirepathConfig } from "./config.js";

/** SES event types published to EventBridge (CloudFormation spells them in camelCase). */
export const EMAIL_EVENT_TYPES = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.OPEN,
  EmailSendingEvent.CLICK,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.DELIVERY_DELAY,
] as const;

export { EMAIL_EVENT_DETAIL_TYPES, SMS_EVENT_DETAIL_TYPES, SMS_EVENT_SOURCE } from "../event-rules.js";

export interface HirepathMessagingProps {
  readonly config: HirepathConfig;
}

export class HirepathMessaging extends Construct {
  readonly emailIdentity: IEmailIdentity;
  readonly emailConfigurationSet: ConfigurationSet;
  readonly smsConfigurationSet: CfnSmsConfigurationSet;
  /** Two-way SMS: End User Messaging publishes every text sent to our number here (STOP included). */
  readonly twoWaySmsTopic: Topic;
  private readonly config: HirepathConfig;

  constructor(scope: Construct, id: string, props: HirepathMessagingProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;

    // ---- Email (SES v2) ----
    this.emailConfigurationSet = new ConfigurationSet(this, "EmailConfigurationSet", {
      configurationSetName: `${config.prefix}-email`,
      reputationMetrics: true,
      // Never keep mailing an address that hard-bounced or complained: protects the HR team's sender reputation.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    new CfnConfigurationSetEventDestination(this, "EmailEventsToEventBridge", {
      configurationSetName: this.emailConfigurationSet.configurationSetName,
      eventDestination: {
        name: "hirepath-eventbridge",
        enabled: true,
        matchingEventTypes: [...EMAIL_EVENT_TYPES],
        // SES can publish only to the default bus.
        eventBridgeDestination: { eventBusArn: EventBus.fromEventBusName(this, "DefaultBus", "default").eventBusArn },
      },
    });

    const identity = config.sesIdentity.includes("@") ? Identity.email(config.sesIdentity) : Identity.domain(config.sesIdentity);
    if (config.sesIdentityExists) {
      this.emailIdentity = EmailIdentity.fromEmailIdentityName(this, "EmailIdentity", config.sesIdentity);
    } else {
      const created = new EmailIdentity(this, "EmailIdentity", { identity, configurationSet: this.emailConfigurationSet });
      this.emailIdentity = created;
      if (!config.sesIdentity.includes("@")) {
        // A domain identity is verified by publishing these Easy DKIM CNAMEs in the domain's DNS.
        created.dkimRecords.forEach((record, i) => {
          new CfnOutput(this, `DkimCname${i + 1}`, {
            key: `DkimCname${i + 1}`,
            value: Fn.join(" CNAME ", [record.name, record.value]),
            description: `Publish in DNS for ${config.sesIdentity} to verify the SES identity`,
          });
        });
      }
    }

    if (config.emailFrom === PLACEHOLDERS.emailFrom) {
      // Only a demo synth gets here (config.ts refuses placeholders otherwise).
      Annotations.of(this).addInfo(`demo stack: emailFrom is the placeholder ${PLACEHOLDERS.emailFrom}, which can never send; deploy with -c emailFrom=… (and if needed sesIdentity).`);
    }

    // ---- SMS (End User Messaging SMS; also created with the Pinpoint provider so switching is a context change) ----
    this.smsConfigurationSet = new CfnSmsConfigurationSet(this, "SmsConfigurationSet", {
      configurationSetName: `${config.prefix}-sms`,
    });
    // ---- Two-way SMS (inbound texts: replies and opt-out keywords) ----
    // Inbound texts are candidates' personal data, so the topic is encrypted with our own key, which
    // End User Messaging may use only from this account. Setting the phone number's or pool's
    // TwoWayChannelArn to this topic is the one manual step (the number is not owned by this stack):
    // see the README. Policies as documented in
    // https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-iam-policy-auto.html
    const account = Stack.of(this).account;
    const smsVoiceFromThisAccount = {
      StringEquals: { "aws:SourceAccount": account },
      ArnLike: { "aws:SourceArn": Stack.of(this).formatArn({ service: "sms-voice", resource: "*" }) },
    };
    const twoWayKey = new Key(this, "TwoWaySmsKey", {
      description: "Hirepath: encrypts inbound (two-way) SMS on their SNS topic",
      enableKeyRotation: true,
    });
    twoWayKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal("sms-voice.amazonaws.com")],
        actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
        resources: ["*"],
        conditions: smsVoiceFromThisAccount,
      }),
    );
    this.twoWaySmsTopic = new Topic(this, "TwoWaySmsTopic", {
      topicName: `${config.prefix}-two-way-sms`,
      displayName: "Hirepath inbound SMS",
      masterKey: twoWayKey,
      enforceSSL: true,
    });
    this.twoWaySmsTopic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal("sms-voice.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [this.twoWaySmsTopic.topicArn],
        conditions: smsVoiceFromThisAccount,
      }),
    );
    new CfnOutput(this, "TwoWaySmsTopicArn", {
      key: "TwoWaySmsTopicArn",
      value: this.twoWaySmsTopic.topicArn,
      description: "Set as the TwoWayChannelArn of the SMS phone number or pool (see README: two-way SMS)",
    });

    if (config.smsOriginationIdentity === PLACEHOLDERS.smsOriginationIdentity) {
      Annotations.of(this).addInfo(`demo stack: smsOriginationIdentity is a placeholder, which can never send; deploy with -c smsOriginationIdentity=… (phone-…/pool-… id or ARN).`);
    }
  }

  private get stack(): Stack {
    return Stack.of(this);
  }

  get emailConfigurationSetArn(): string {
    return this.stack.formatArn({ service: "ses", resource: "configuration-set", resourceName: this.emailConfigurationSet.configurationSetName });
  }

  /** The ARN IAM evaluates SendTextMessage against for the configured origination identity. */
  get smsOriginationIdentityArn(): string {
    const identity = this.config.smsOriginationIdentity;
    if (identity.startsWith("arn:")) return identity;
    const resource = identity.startsWith("phone-") ? "phone-number" : "pool";
    return this.stack.formatArn({ service: "sms-voice", resource, resourceName: identity });
  }

  get pinpointApplicationArns(): string[] {
    const app = this.stack.formatArn({ service: "mobiletargeting", resource: "apps", resourceName: this.config.pinpointApplicationId });
    // SendMessages is authorized on the project; Pinpoint's own policy examples name the /messages sub-resource.
    return [app, `${app}/messages`];
  }

  get emailEnvironment() {
    return {
      EMAIL_FROM: this.config.emailFrom,
      SES_CONFIGURATION_SET: this.emailConfigurationSet.configurationSetName,
    };
  }

  get smsEnvironment() {
    return {
      SMS_PROVIDER: this.config.smsProvider,
      SMS_ORIGINATION_IDENTITY: this.config.smsOriginationIdentity,
      SMS_CONFIGURATION_SET: this.smsConfigurationSet.configurationSetName ?? `${this.config.prefix}-sms`,
      PINPOINT_APPLICATION_ID: this.config.pinpointApplicationId,
      SMS_SIGNATURE: this.config.smsSignature,
    };
  }

  /** ses:SendEmail on exactly the identity and the configuration set (SES v2 authorizes both). */
  grantSendEmail(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["ses:SendEmail"],
        resources: [this.emailIdentity.emailIdentityArn, this.emailConfigurationSetArn],
      }),
    );
  }

  /** Send SMS with the configured provider only. */
  grantSendSms(grantee: IGrantable): void {
    const statement =
      this.config.smsProvider === "pinpoint"
        ? new PolicyStatement({ actions: ["mobiletargeting:SendMessages"], resources: this.pinpointApplicationArns })
        : new PolicyStatement({
            actions: ["sms-voice:SendTextMessage"],
            resources: [this.smsConfigurationSet.attrArn, this.smsOriginationIdentityArn],
          });
    grantee.grantPrincipal.addToPrincipalPolicy(statement);
  }

  /** Inbound texts reach `handler` (InboundSms) through the two-way topic. */
  receiveTwoWaySmsWith(handler: IFunction, deadLetterQueue: IQueue): void {
    this.twoWaySmsTopic.addSubscription(new LambdaSubscription(handler, { deadLetterQueue }));
  }

  /** Routes SES and SMS delivery events from the default bus to `handler`; undeliverable events go to `deadLetterQueue`. */
  routeEventsTo(handler: IFunction, deadLetterQueue: IQueue): { email: Rule; sms: Rule } {
    const target = () =>
      new LambdaTarget(handler, {
        deadLetterQueue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
      });
    const [email, sms] = eventRules.map(
      (rule) =>
        new Rule(this, rule.id, {
          description: rule.description,
          eventPattern: { source: [rule.source], detailType: [...rule.detailTypes] },
          targets: [target()],
        }),
    ) as [Rule, Rule];
    return { email, sms };
  }
}
