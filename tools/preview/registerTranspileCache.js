// `node -r ./registerTranspileCache.js` (or imported first): `.ts` modules load through the
// transpile cache; what is not cached yet goes through `ts-node/register/transpile-only`.
"use strict";
require("./transpileCache").install({ registerOptions: { transpileOnly: true } });
