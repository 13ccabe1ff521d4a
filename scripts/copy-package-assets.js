// Files the compiled library needs next to its JavaScript that tsc does not emit:
// the rotator Lambda's code (plain JavaScript, shipped as a Lambda archive).
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const assets = ["components/rotation/rotator"];
for (const asset of assets) {
    fs.cpSync(path.join(root, asset), path.join(root, "dist", asset), { recursive: true });
}
