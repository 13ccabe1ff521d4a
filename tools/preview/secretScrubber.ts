// Last line of defence: any text the tool prints (policy messages, program
// errors) is scrubbed of every secret string it has seen, in case a policy or
// a program echoes one. Short strings are left alone: scrubbing "true" or "1"
// would mangle messages while protecting nothing.
import { SECRET_DISPLAY } from "./wireValues";

const MIN_SCRUBBED_LENGTH = 4;

export class SecretScrubber {
    private readonly secrets: string[];

    constructor(secrets: Iterable<string>) {
        // Longest first, so a secret that contains another is replaced whole.
        this.secrets = [...new Set(secrets)].filter((s) => s.length >= MIN_SCRUBBED_LENGTH).sort((a, b) => b.length - a.length);
    }

    scrub(text: string): string {
        let result = text;
        for (const secret of this.secrets) {
            if (result.includes(secret)) result = result.split(secret).join(SECRET_DISPLAY);
        }
        return result;
    }
}
