// HR's message texts on the table: the current version per team, template and language, and every
// version beside it (the history). A save writes both in one transaction, the current one under the
// version the editor read, so of two saves from the same version exactly one lands.
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "../core/shared/keys.js";
import type { Locale } from "../core/shared/model.js";
import type { TemplateName } from "../core/outreach/templates.js";
import { TemplateOverride, TemplateVersion, type TemplateOverrideStore } from "../core/outreach/template-overrides.js";
import { clientConfig, once, type RuntimeEnv } from "./client-config.js";
import { call, createDocumentClient, DynamoTable, strip } from "./dynamo-table.js";

export class DynamoTemplateStore extends DynamoTable implements TemplateOverrideStore {
  async getTemplateOverride(teamId: string, template: TemplateName, locale: Locale): Promise<TemplateOverride | undefined> {
    return strip(await this.get(keys.messageTemplate(teamId, template, locale)), TemplateOverride);
  }

  async listTemplateOverrides(teamId: string): Promise<TemplateOverride[]> {
    const items = await this.queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :sk)",
      ExpressionAttributeValues: { ":pk": keys.teamPartition(teamId), ":sk": keys.messageTemplatePrefix },
      ConsistentRead: true,
    });
    return items.map((i) => strip(i, TemplateOverride)!);
  }

  async saveTemplateOverride(next: TemplateVersion, expectedVersion: number): Promise<boolean> {
    const { action, ...current } = next;
    const saved = await this.saveVersioned(
      { ...keys.messageTemplate(next.teamId, next.template, next.locale), kind: "message-template", ...current },
      { ...keys.messageTemplateVersion(next.teamId, next.template, next.locale, next.version), kind: "message-template-version", ...current, action },
      expectedVersion,
    );
    if (!saved) return false;
    // A set: a team saving twice is listed once.
    await call(() => this.doc.send(new UpdateCommand({ TableName: this.tableName, Key: keys.templateTeamIndex, UpdateExpression: "ADD teamIds :t SET kind = :k", ExpressionAttributeValues: { ":t": new Set([next.teamId]), ":k": "template-team-index" } })));
    return true;
  }

  async templateHistory(teamId: string, template: TemplateName, locale: Locale, limit: number): Promise<TemplateVersion[]> {
    const { items } = await this.query({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :sk)",
      ExpressionAttributeValues: { ":pk": keys.teamPartition(teamId), ":sk": keys.messageTemplateVersionPrefix(template, locale) },
      ScanIndexForward: false,
      Limit: limit,
      ConsistentRead: true,
    });
    return items.map((i) => strip(i, TemplateVersion)!);
  }

  async listTemplateTeams(): Promise<string[]> {
    const index = await this.get(keys.templateTeamIndex);
    return [...((index?.teamIds as Set<string> | undefined) ?? [])].sort();
  }
}

export function templateStoreFrom(env: RuntimeEnv & { TABLE_NAME: string }): DynamoTemplateStore {
  return once(`template-store:${env.TABLE_NAME}`, () => new DynamoTemplateStore(createDocumentClient(clientConfig(env, "dynamodb")), env.TABLE_NAME));
}
