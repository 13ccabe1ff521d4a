// Types for protocol.js, the four-step rotation protocol shared by the rotators.
export declare const STEPS: readonly ["createSecret", "setSecret", "testSecret", "finishSecret"];
