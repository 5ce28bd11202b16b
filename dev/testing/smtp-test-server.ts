import net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A tiny SMTP server for tests (RFC 5321's happy path, no TLS): it accepts
 * EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET and QUIT and keeps each
 * message it received. `refuse` makes it answer every RCPT with 550, as a
 * server that refuses to relay does.
 */
export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
  auth: string | null;
}

export interface SmtpTestServer {
  port: number;
  received: ReceivedMail[];
  refuse(on: boolean): void;
  close(): Promise<void>;
}

export async function startSmtpTestServer(port = 0): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  let refusing = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let buffer = "";
    let inData = false;
    let loginStep: "user" | "pass" | null = null;
    let mail: ReceivedMail = { from: "", to: [], data: "", auth: null };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 test.smtp ESMTP ready");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          mail.data = buffer.slice(0, end).replace(/^\.\./gm, ".");
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(mail);
          mail = { from: "", to: [], data: "", auth: mail.auth };
          reply("250 2.0.0 queued");
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.split(" ")[0]!.toUpperCase();
        if (loginStep === "user") {
          mail.auth = Buffer.from(line, "base64").toString("utf8");
          loginStep = "pass";
          reply("334 UGFzc3dvcmQ6");
        } else if (loginStep === "pass") {
          loginStep = null;
          reply("235 2.7.0 authenticated");
        } else if (verb === "EHLO") reply("250-test.smtp\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME");
        else if (verb === "HELO") reply("250 test.smtp");
        else if (verb === "AUTH" && /^AUTH PLAIN /i.test(line)) {
          mail.auth = Buffer.from(line.slice(11), "base64").toString("utf8").split("\0")[1] ?? "";
          reply("235 2.7.0 authenticated");
        } else if (verb === "AUTH") {
          loginStep = "user";
          reply("334 VXNlcm5hbWU6");
        } else if (verb === "MAIL") {
          mail.from = /<(.*)>/.exec(line)?.[1] ?? "";
          reply("250 2.1.0 ok");
        } else if (verb === "RCPT") {
          if (refusing) reply("550 5.7.1 relaying denied");
          else {
            mail.to.push(/<(.*)>/.exec(line)?.[1] ?? "");
            reply("250 2.1.5 ok");
          }
        } else if (verb === "DATA") {
          inData = true;
          reply("354 go ahead");
        } else if (verb === "RSET") {
          mail = { from: "", to: [], data: "", auth: mail.auth };
          reply("250 ok");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("502 5.5.2 not implemented");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    refuse: (on) => {
      refusing = on;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
