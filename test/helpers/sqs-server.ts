/**
 * A small SQS-compatible server on loopback (AWS JSON 1.0 protocol, the one the SDK v3 speaks) for runs at a
 * scale moto_server cannot serve: moto's SQS recomputes every queue attribute and walks every stored message on
 * each SendMessage (bench/scale.ts prints it: ~90 ms per FIFO batch on an empty queue, over 2 s at 2,000 queued),
 * so 10,000 messages would take it hours. Tests that check SQS behaviour use moto; this covers the calls the
 * scale run makes — CreateQueue, GetQueueUrl, SendMessageBatch, ReceiveMessage, DeleteMessageBatch,
 * GetQueueAttributes — with SQS's FIFO rules: messages of a group are handed out in order and one batch at a time
 * (none while another of the group is in flight), a deduplication id seen in the last 5 minutes is accepted and
 * dropped, received messages come back after their visibility timeout unless deleted.
 */
import { randomUUID, createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Message { id: string; body: string; group?: string; receipt?: string; visibleAt: number; sentAt: number }
interface Queue { name: string; fifo: boolean; visibilityMs: number; messages: Message[]; dedupe: Map<string, number> }

export interface SqsServer {
  endpoint: string;
  close(): Promise<void>;
}

const DEDUPE_MS = 5 * 60_000;

export async function startSqsServer(): Promise<SqsServer> {
  const queues = new Map<string, Queue>();
  let endpoint = '';
  const queueOf = (url: string): Queue => {
    const q = queues.get(url.split('/').pop() ?? '');
    if (!q) throw Object.assign(new Error(`queue ${url} does not exist`), { type: 'AWS.SimpleQueueService.NonExistentQueue' });
    return q;
  };
  const handlers: Record<string, (input: Record<string, unknown>) => unknown> = {
    CreateQueue: (i) => {
      const name = i.QueueName as string;
      const attrs = (i.Attributes ?? {}) as Record<string, string>;
      if (!queues.has(name)) queues.set(name, { name, fifo: attrs.FifoQueue === 'true', visibilityMs: Number(attrs.VisibilityTimeout ?? 30) * 1000, messages: [], dedupe: new Map() });
      return { QueueUrl: `${endpoint}/123456789012/${name}` };
    },
    GetQueueUrl: (i) => ({ QueueUrl: `${endpoint}/123456789012/${queueOf(i.QueueName as string).name}` }),
    GetQueueAttributes: (i) => {
      const q = queueOf(i.QueueUrl as string);
      const now = Date.now();
      const visible = q.messages.filter((m) => m.visibleAt <= now).length;
      return { Attributes: { ApproximateNumberOfMessages: String(visible), ApproximateNumberOfMessagesNotVisible: String(q.messages.length - visible) } };
    },
    SendMessageBatch: (i) => {
      const q = queueOf(i.QueueUrl as string);
      const now = Date.now();
      const entries = i.Entries as Array<{ Id: string; MessageBody: string; MessageGroupId?: string; MessageDeduplicationId?: string }>;
      if (entries.length > 10) throw Object.assign(new Error('too many entries'), { type: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest' });
      const Successful = entries.map((e) => {
        const id = randomUUID();
        const dedupe = q.fifo ? e.MessageDeduplicationId : undefined;
        const seen = dedupe === undefined ? undefined : q.dedupe.get(dedupe);
        if (dedupe !== undefined && (seen === undefined || now - seen >= DEDUPE_MS)) q.dedupe.set(dedupe, now);
        if (seen === undefined || now - seen >= DEDUPE_MS) q.messages.push({ id, body: e.MessageBody, group: q.fifo ? e.MessageGroupId : undefined, visibleAt: now, sentAt: now });
        return { Id: e.Id, MessageId: id, MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex') };
      });
      return { Successful, Failed: [] };
    },
    ReceiveMessage: (i) => {
      const q = queueOf(i.QueueUrl as string);
      const now = Date.now();
      const max = Math.min(Number(i.MaxNumberOfMessages ?? 1), 10);
      const visibilityMs = i.VisibilityTimeout === undefined ? q.visibilityMs : Number(i.VisibilityTimeout) * 1000;
      // FIFO: a group with a message in flight hands out nothing; otherwise its oldest messages, in order.
      const busy = new Set(q.fifo ? q.messages.filter((m) => m.visibleAt > now && m.receipt).map((m) => m.group) : []);
      const out: Message[] = [];
      let group: string | undefined;
      for (const m of q.messages) {
        if (out.length >= max) break;
        if (m.visibleAt > now || busy.has(m.group)) continue;
        if (q.fifo) {
          group ??= m.group;
          if (m.group !== group) continue; // one group per batch, as SQS does for FIFO queues
        }
        out.push(m);
      }
      for (const m of out) {
        m.receipt = randomUUID();
        m.visibleAt = now + visibilityMs;
      }
      return { Messages: out.map((m) => ({ MessageId: m.id, ReceiptHandle: m.receipt, Body: m.body, MD5OfBody: createHash('md5').update(m.body).digest('hex') })) };
    },
    DeleteMessageBatch: (i) => {
      const q = queueOf(i.QueueUrl as string);
      const entries = i.Entries as Array<{ Id: string; ReceiptHandle: string }>;
      const handles = new Set(entries.map((e) => e.ReceiptHandle));
      q.messages = q.messages.filter((m) => !m.receipt || !handles.has(m.receipt));
      return { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] };
    },
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const action = String(req.headers['x-amz-target'] ?? '').replace('AmazonSQS.', '');
      const handler = handlers[action];
      try {
        if (!handler) throw Object.assign(new Error(`${action} is not supported here`), { type: 'InvalidAction' });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(handler(JSON.parse(body || '{}'))));
      } catch (err) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ __type: (err as { type?: string }).type ?? 'InternalError', message: (err as Error).message }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
