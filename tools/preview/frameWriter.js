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
// Each message is one v8-serialized value; on the pipe it is preceded by its length (uint32 LE).
parentPort.on("message", (body) => {
    if (body === null) {
        out.end(() => parentPort.postMessage({ flushed: true }));
        return;
    }
    const frame = Buffer.allocUnsafe(4 + body.length);
    frame.writeUInt32LE(body.length, 0);
    frame.set(body, 4);
    out.write(frame);
});
