// One process of bench:live's clients: Socket.IO connections, each following one room,
// reporting latencies (publish → receipt, ms) and counts to the parent when told to stop.
import { io } from 'socket.io-client';

const { BASE_URL, TOKEN, ROOMS } = process.env;
const rooms = JSON.parse(ROOMS);
const latencies = [];
let received = 0;
const sockets = rooms.map((room) => {
  const socket = io(`${BASE_URL}/live`, { auth: { token: TOKEN }, transports: ['websocket'], reconnection: false });
  socket.on('event', (event) => {
    received++;
    latencies.push(Date.now() - event.payload.sentAt);
  });
  socket.on('connect', () =>
    socket.emit('subscribe', { room }, (answer) => {
      if (!answer.ok) throw new Error(`${room} refused: ${answer.error}`);
      process.send({ type: 'ready' });
    }),
  );
  return socket;
});

process.on('message', (message) => {
  if (message.type !== 'stop') return;
  for (const socket of sockets) socket.disconnect();
  process.send({ type: 'result', received, latencies }, () => process.exit(0));
});
