// Worker thread of the program process (programChild.ts): writes the frames it is
// handed to the pipe the preview reads. The program's main thread runs the SDK's
// promise chains for seconds at a time without returning to the event loop, and
// IPC messages queued behind a full socket buffer only left when it did, so the
// policy pack sat idle while resources were ready. This thread's event loop is free.
"use strict";
const net = require("net");
const { parentPort, workerData } = require("worker_threads");

const out = new net.Socket({ fd: workerData.fd, readable: false, writable: true });
out.on("error", (error) => parentPort.postMessage({ failed: error.message }));
// A message is a batch of v8-serialized values (null: end); on the pipe each is
// preceded by its length (uint32 LE).
parentPort.on("message", (bodies) => {
    if (bodies === null) {
        out.end(() => parentPort.postMessage({ flushed: true }));
        return;
    }
    const frames = Buffer.allocUnsafe(bodies.reduce((total, body) => total + 4 + body.length, 0));
    let offset = 0;
    for (const body of bodies) {
        frames.writeUInt32LE(body.length, offset);
        frames.set(body, offset + 4);
        offset += 4 + body.length;
    }
    out.write(frames);
});
