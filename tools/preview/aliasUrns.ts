// Turns the alias specs a resource registration carries into the URN strings the
// analyzer protocol and the JSON contract use (AnalyzerResourceOptions.aliases).
import type { Alias } from "@pulumi/pulumi/proto/alias_pb";

function typeOfUrn(urn: string): string {
    return urn.split("::")[2]?.split("$").pop() ?? "";
}

function qualifiedTypeOfUrn(urn: string): string {
    return urn.split("::")[2] ?? "";
}

export interface AliasContext {
    stack: string;
    project: string;
    type: string;
    name: string;
    parentUrn: string;
}

export function aliasUrn(alias: Alias, ctx: AliasContext): string {
    const urn = alias.getUrn();
    if (urn) return urn;
    const spec = alias.getSpec();
    const type = spec?.getType() || ctx.type;
    const name = spec?.getName() || ctx.name;
    const stack = spec?.getStack() || ctx.stack;
    const project = spec?.getProject() || ctx.project;
    const parentUrn = spec?.getNoparent() ? "" : spec?.getParenturn() || ctx.parentUrn;
    // A parent's own qualified type chain is kept, as in the engine (`A$B$type`); the root stack adds nothing.
    const parentType = parentUrn && typeOfUrn(parentUrn) !== "pulumi:pulumi:Stack" ? qualifiedTypeOfUrn(parentUrn) : "";
    const qualified = parentType ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}
