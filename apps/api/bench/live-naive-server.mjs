// bench:live's naive baseline: a Socket.IO server that reads the same event stream and emits each event
// to every socket one by one, checking each socket's room itself (no rooms, no shared encoding).
import { createServer } from 'node:http';
import Redis from 'ioredis';
import { Server } from 'socket.io';

const { REDIS_URL, STREAM } = process.env;
const http = createServer();
const live = new Server(http).of('/live');
live.on('connection', (socket) => {
  socket.on('subscribe', ({ room }, ack) => {
    socket.data.room = room;
    ack({ ok: true, room });
  });
});
http.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: http.address().port }));

const redis = new Redis(REDIS_URL);
let last = '$';
for (;;) {
  const answer = await redis.xread('COUNT', 500, 'BLOCK', 1000, 'STREAMS', STREAM, last);
  for (const [, entries] of answer ?? []) {
    for (const [id, fields] of entries) {
      last = id;
      const event = { id, ...JSON.parse(fields[1]) };
      const room = `integration:${event.payload.integrationId}`;
      for (const socket of live.sockets.values()) if (socket.data.room === room) socket.emit('event', event);
    }
  }
}
