// Scheduled rotation of generated Vault-backed secrets. A `time.Rotating` resource
// expires after the rotation days; its replacement changes the keeper of the
// RandomPassword, so `pulumi up` generates a new value and writes it as a NEW KV v2
// version. The previous versions stay readable (the mount keeps `max_versions`).
import * as pulumi from "@pulumi/pulumi";
import * as time from "@pulumiverse/time";

export const VAULT_ROTATION_KEEPER = "secretset-rotation";

export interface VaultRotationSchedule {
    readonly rotating: time.Rotating;
    /** Pass as `keepers` of the secret's random.RandomPassword. */
    readonly keepers: pulumi.Output<Record<string, string>>;
}

/** Creates the schedule; `resourceName` should derive from the secret key (`${set}-rotation-schedule-${key}`). */
export function createVaultRotationSchedule(resourceName: string, rotationDays: number, opts: pulumi.CustomResourceOptions): VaultRotationSchedule {
    const rotating = new time.Rotating(resourceName, { rotationDays }, opts);
    // `id` is the schedule's base timestamp: it changes exactly when the schedule is renewed.
    return { rotating, keepers: rotating.id.apply((id): Record<string, string> => ({ [VAULT_ROTATION_KEEPER]: id })) };
}
