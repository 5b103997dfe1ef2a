// EventBridge Scheduler's REST-JSON API for the real @aws-sdk/client-scheduler:
//   POST   /schedules/{Name}              CreateSchedule  -> { ScheduleArn }
//   GET    /schedules/{Name}?groupName=   GetSchedule
//   PUT    /schedules/{Name}              UpdateSchedule  -> { ScheduleArn }
//   DELETE /schedules/{Name}?groupName=   DeleteSchedule  -> {}
//   GET    /schedules?ScheduleGroup=&NamePrefix=&State=&MaxResults=&NextToken=   ListSchedules
// Timestamps in bodies are epoch seconds (the restJson1 default); errors use x-amzn-errortype.
import { restJsonError, restJsonResult, type AwsRequest, type AwsResponse, type ServiceEmulator } from "../http/aws-protocol.js";
import { SchedulerApiError, type LocalScheduler, type Schedule, type ScheduleInput } from "./scheduler.js";

type Body = Record<string, unknown>;

const toSeconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);
const toMs = (seconds: unknown): number | undefined => (typeof seconds === "number" ? seconds * 1000 : undefined);

function scheduleInput(name: string, body: Body): ScheduleInput {
  return {
    ...(body as unknown as ScheduleInput),
    Name: name,
    StartDate: toMs(body["StartDate"]),
    EndDate: toMs(body["EndDate"]),
  };
}

function scheduleBody(s: Schedule): Body {
  return {
    ...s,
    CreationDate: toSeconds(s.CreationDate),
    LastModificationDate: toSeconds(s.LastModificationDate),
    ...(s.StartDate !== undefined ? { StartDate: toSeconds(s.StartDate) } : {}),
    ...(s.EndDate !== undefined ? { EndDate: toSeconds(s.EndDate) } : {}),
  };
}

export function createSchedulerEmulator(scheduler: LocalScheduler): ServiceEmulator {
  const route = (req: AwsRequest): AwsResponse | Promise<AwsResponse> => {
    const collection = req.path === "/schedules" || req.path === "/schedules/";
    const match = /^\/schedules\/([^/]+)$/.exec(req.path);
    const name = match ? decodeURIComponent(match[1] ?? "") : undefined;
    let body: Body = {};
    if (req.body.length) {
      try {
        body = JSON.parse(req.body.toString("utf8")) as Body;
      } catch {
        return restJsonError(400, "ValidationException", "The request body is not valid JSON");
      }
    }
    if (collection && req.method === "GET") {
      const all = scheduler.listSchedules({
        ...(req.query.get("ScheduleGroup") ? { groupName: req.query.get("ScheduleGroup") ?? undefined } : {}),
        ...(req.query.get("NamePrefix") ? { namePrefix: req.query.get("NamePrefix") ?? undefined } : {}),
        ...(req.query.get("State") ? { state: req.query.get("State") ?? undefined } : {}),
      });
      const max = Math.min(Number(req.query.get("MaxResults") ?? 100) || 100, 100);
      const offset = req.query.get("NextToken") ? Number(Buffer.from(req.query.get("NextToken") ?? "", "base64url").toString()) || 0 : 0;
      const slice = all.slice(offset, offset + max);
      const next = offset + max < all.length ? Buffer.from(String(offset + max)).toString("base64url") : undefined;
      return restJsonResult({
        Schedules: slice.map((s) => ({ ...s, CreationDate: toSeconds(s.CreationDate), LastModificationDate: toSeconds(s.LastModificationDate) })),
        ...(next ? { NextToken: next } : {}),
      });
    }
    if (name !== undefined) {
      const group = req.query.get("groupName") ?? undefined;
      switch (req.method) {
        case "POST":
          return restJsonResult(scheduler.createSchedule(scheduleInput(name, body)));
        case "PUT":
          return restJsonResult(scheduler.updateSchedule(scheduleInput(name, body)));
        case "GET":
          return restJsonResult(scheduleBody(scheduler.getSchedule(name, group)));
        case "DELETE":
          scheduler.deleteSchedule(name, group);
          return restJsonResult({});
      }
    }
    return restJsonError(404, "UnknownOperationException", `${req.method} ${req.path} is not supported by the local Scheduler emulator`);
  };

  return {
    name: "EventBridge Scheduler",
    matches(req: AwsRequest): boolean {
      return req.path === "/schedules" || req.path.startsWith("/schedules/");
    },
    async handle(req: AwsRequest): Promise<AwsResponse> {
      try {
        return await route(req);
      } catch (err) {
        if (err instanceof SchedulerApiError) return restJsonError(err.status, err.code, err.message);
        return restJsonError(500, "InternalServerException", (err as Error).message ?? String(err));
      }
    },
  };
}
