// The custom domain (deployment guide): the API, the console and every link in messages under your name.
import { beforeAll, describe, expect, it } from "vitest";
import { functionResource, resourcesOf, synthHirepath, type Synthesized } from "./synth.js";

const CERT = "arn:aws:acm:ap-northeast-1:123456789012:certificate/0b7e5e1c-1111-4222-8333-944455556666";
let s: Synthesized;
let plain: Synthesized;
beforeAll(() => {
  s = synthHirepath({ domainName: "jobs.example.com", certificateArn: CERT, hostedZoneId: "Z0123456789ABCDEFGHIJ", hostedZoneName: "example.com" });
  plain = synthHirepath();
});

describe("custom domain", () => {
  it("creates a regional API Gateway domain with the given certificate, mapped to the $default stage", () => {
    const [domain] = Object.values(resourcesOf(s.template, "AWS::ApiGatewayV2::DomainName"));
    expect(domain!.Properties).toMatchObject({ DomainName: "jobs.example.com", DomainNameConfigurations: [{ CertificateArn: CERT, EndpointType: "REGIONAL" }] });
    const [mapping] = Object.values(resourcesOf(s.template, "AWS::ApiGatewayV2::ApiMapping"));
    expect(mapping!.Properties.Stage).toBe("$default");
    expect(mapping!.Properties.ApiId).toEqual({ Ref: expect.stringMatching(/^ApiHttpApi/) });
    expect(mapping!.Properties.DomainName).toEqual({ Ref: expect.stringMatching(/^ApiCustomDomain/) });
  });

  it("adds A and AAAA alias records in the hosted zone", () => {
    const records = Object.values(resourcesOf(s.template, "AWS::Route53::RecordSet")).map((r) => r.Properties);
    expect(records.map((r) => r.Type).sort()).toEqual(["A", "AAAA"]);
    for (const r of records) {
      expect(r).toMatchObject({ Name: "jobs.example.com.", HostedZoneId: "Z0123456789ABCDEFGHIJ" });
      expect(JSON.stringify(r.AliasTarget.DNSName)).toContain("RegionalDomainName");
    }
  });

  it("puts links in messages and the console's sign-in on the custom domain", () => {
    for (const id of ["SendMessage", "HrApi", "TalentApi", "MessageEvents", "RecallJourneyStep"] as const) {
      expect(functionResource(s, id).Properties.Environment.Variables.PUBLIC_BASE_URL, id).toBe("https://jobs.example.com");
    }
    const clients = Object.values(resourcesOf(s.template, "AWS::Cognito::UserPoolClient")).map((c) => c.Properties).filter((c) => c.CallbackURLs);
    expect(clients).toHaveLength(1);
    expect(clients[0]!.CallbackURLs[0]).toBe("https://jobs.example.com/hr/console/auth/callback");
    expect(s.template.toJSON().Outputs.PublicUrl.Value).toBe("https://jobs.example.com");
  });

  it("without a domain, keeps the execute-api address and creates no domain or records", () => {
    expect(Object.keys(resourcesOf(plain.template, "AWS::ApiGatewayV2::DomainName"))).toHaveLength(0);
    expect(Object.keys(resourcesOf(plain.template, "AWS::Route53::RecordSet"))).toHaveLength(0);
    expect(functionResource(plain, "SendMessage").Properties.Environment.Variables.PUBLIC_BASE_URL).toEqual({ "Fn::GetAtt": [expect.stringMatching(/^ApiHttpApi/), "ApiEndpoint"] });
  });

  it("refuses a domain without a certificate, and a domain outside its hosted zone, naming the key", () => {
    expect(() => synthHirepath({ domainName: "jobs.example.com" })).toThrow(/certificateArn/);
    expect(() => synthHirepath({ domainName: "jobs.example.com", certificateArn: CERT, hostedZoneId: "Z1", hostedZoneName: "other.com" })).toThrow(/hosted zone/);
  });

  it("takes the SMS signature from context and refuses one with brackets", () => {
    const signed = synthHirepath({ smsSignature: "星辰科技" });
    expect(functionResource(signed, "SendMessage").Properties.Environment.Variables.SMS_SIGNATURE).toBe("星辰科技");
    expect(functionResource(plain, "SendMessage").Properties.Environment.Variables.SMS_SIGNATURE).toBe("Hirepath");
    expect(() => synthHirepath({ smsSignature: "【星辰】" })).toThrow(/smsSignature/);
  });
});
