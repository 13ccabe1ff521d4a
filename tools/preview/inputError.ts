// An error in what the user gave the tool (flag, file, config, program
// validation). The CLI prints its message on one line and exits 2, without a stack trace.
export class InputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InputError";
    }
}

/** The message of anything thrown, without its stack. */
export function messageOf(error: unknown): string {
    if (error instanceof Error) return error.message;
    return String(error);
}
