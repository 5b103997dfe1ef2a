// One loopback HTTP server for the AWS stand-ins (all but DynamoDB, which dynalite serves).
// A request no emulator claims is answered with an error naming it: never forwarded anywhere.
import { createServer, type Server } from "node:http";
import { awsJsonError, type AwsRequest, type ServiceEmulator } from "../http/aws-protocol.js";
import { listenOnLoopback } from "../http/listen.js";

export interface EmulatorServer {
  endpoint: string;
  server: Server;
  close(): Promise<void>;
}

export async function startEmulatorServer(emulators: ServiceEmulator[], port = 0): Promise<EmulatorServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://local");
      const request: AwsRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
      const emulator = emulators.find((e) => e.matches(request));
      try {
        const response = emulator
          ? await emulator.handle(request)
          : awsJsonError(400, "UnknownServiceException", `No local emulator for ${request.method} ${request.path} (${String(req.headers["x-amz-target"] ?? "no X-Amz-Target")}); local mode never calls real AWS`);
        res.writeHead(response.status, { "x-amzn-requestid": crypto.randomUUID(), ...response.headers });
        res.end(response.body);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        res.writeHead(500, { "content-type": "application/x-amz-json-1.0" });
        res.end(JSON.stringify({ __type: "InternalFailure", message }));
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  const { endpoint, close } = await listenOnLoopback(server, port);
  return { endpoint, server, close };
}
