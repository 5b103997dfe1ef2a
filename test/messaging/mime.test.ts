import { describe, expect, it } from "vitest";
import { addressOf, decodeEncodedWords, parseHeaderValue, parseMime, splitAddressList } from "../../local/messaging/mime.js";
import { base64Lines, mime } from "./support.js";

describe("RFC 2047 encoded-words", () => {
  it("decodes B and Q words, dropping the whitespace between adjacent words", () => {
    expect(decodeEncodedWords("=?UTF-8?B?5oKo5aW9?= =?UTF-8?Q?_world?=")).toBe("您好 world");
    expect(decodeEncodedWords("Re: =?utf-8?q?caf=C3=A9?= menu")).toBe("Re: café menu");
  });

  it("joins a character split across two words, and decodes GBK", () => {
    const bytes = Buffer.from("面试", "utf8"); // 6 bytes, split inside the first character
    const split = `=?UTF-8?B?${bytes.subarray(0, 2).toString("base64")}?=\r\n =?UTF-8?B?${bytes.subarray(2).toString("base64")}?=`.replace(/\r\n/, "");
    expect(decodeEncodedWords(split)).toBe("面试");
    expect(decodeEncodedWords("=?GBK?B?w+bK1A==?=")).toBe("面试");
  });
});

describe("structured headers", () => {
  it("reads RFC 2231 continued, percent-encoded parameters", () => {
    const header = "attachment; filename*0*=UTF-8''%E5%80%99%E9%80%89%E4%BA%BA; filename*1*=%E7%AE%80%E5%8E%86.pdf";
    expect(parseHeaderValue(header)).toEqual({ value: "attachment", params: { filename: "候选人简历.pdf" } });
  });

  it("splits address lists with quoted commas and groups", () => {
    expect(splitAddressList('"Li, Lei" <lilei@example.com>, hr@example.com, team: a@x.com, b@x.com;')).toEqual([
      '"Li, Lei" <lilei@example.com>',
      "hr@example.com",
      "a@x.com",
      "b@x.com",
    ]);
    expect(addressOf("招聘团队 <hr@hirepath.example>")).toBe("hr@hirepath.example");
  });
});

describe("parseMime", () => {
  it("reads a single-part message with 8-bit UTF-8 headers and an unknown charset fallback", () => {
    const parsed = parseMime(mime(["From: 招聘 <hr@x.com>", "To: a@x.com", "Subject: 你好", "Content-Type: text/plain; charset=x-unknown", "", "正文"]));
    expect(parsed).toMatchObject({ from: "招聘 <hr@x.com>", to: ["a@x.com"], subject: "你好", text: "正文", attachments: [] });
  });

  it("keeps inline images with their Content-ID and treats forwarded messages as attachments", () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const parsed = parseMime(
      mime([
        "From: a@x.com",
        'Content-Type: multipart/related; boundary="b"',
        "",
        "--b",
        "Content-Type: text/html; charset=utf-8",
        "",
        '<img src="cid:logo@hirepath">',
        "--b",
        "Content-Type: image/png",
        "Content-ID: <logo@hirepath>",
        "Content-Transfer-Encoding: base64",
        "",
        base64Lines(png),
        "--b",
        "Content-Type: message/rfc822",
        "",
        "Subject: inner",
        "",
        "inner body",
        "--b--",
      ]),
    );
    expect(parsed.html).toBe('<img src="cid:logo@hirepath">');
    expect(parsed.attachments.map(({ content, ...a }) => ({ ...a, size: content.length }))).toEqual([
      { filename: "logo_hirepath.png", contentType: "image/png", disposition: "inline", contentId: "logo@hirepath", size: 4 },
      { filename: "message-2.eml", contentType: "message/rfc822", disposition: "attachment", size: Buffer.byteLength("Subject: inner\r\n\r\ninner body") },
    ]);
  });
});
