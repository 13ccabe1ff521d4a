// Checks of arguments that may arrive as Outputs (values, Lambda and KMS key ARNs,
// role ARNs). A known value is checked at construction, with every other problem,
// before any resource exists. An Output is checked inside `apply` with the SAME
// message: the error fails the deployment of every resource that uses the value.
import * as pulumi from "@pulumi/pulumi";

/** True for a value known now (a plain value, not an Output or a Promise). */
export function isKnown<T>(value: pulumi.Input<T>): value is T {
    return !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

/**
 * The value, checked: `problem(value)` returns the message (or undefined when fine) and
 * `fail` turns it into the error validation throws for a known value, so both read the
 * same. A known value was already checked during validation and is passed through; an
 * Output is checked when it resolves.
 */
export function checkedInput<T>(value: pulumi.Input<T>, problem: (resolved: T) => string | undefined, fail: (message: string) => Error): pulumi.Input<T> {
    if (isKnown(value)) return value;
    return pulumi.output(value).apply((resolved) => {
        const message = problem(resolved as T);
        if (message !== undefined) throw fail(message);
        return resolved;
    }) as pulumi.Output<T>;
}
