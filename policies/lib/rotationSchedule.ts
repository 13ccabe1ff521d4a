// How often a Secrets Manager rotation runs, from `rotationRules`.
import { isObject, isUnknown, num, Plain, str, UNKNOWN, Unknown } from "./previewValues";

const DAYS_PER_UNIT: Record<string, number> = { minute: 1 / 1440, hour: 1 / 24, day: 1 };

function cronIntervalDays(fields: string[]): number | undefined {
    if (fields.length !== 6) return undefined;
    const [, , dayOfMonth, month, dayOfWeek] = fields;
    const any = (field: string) => field === "*" || field === "?";
    if (!any(month)) {
        const step = /^(\*|\d+)\/(\d+)$/.exec(month);
        return step ? Number(step[2]) * 31 : 366; // a list or single month: assume the worst
    }
    if (!any(dayOfWeek)) return 7;
    if (!any(dayOfMonth)) {
        const step = /^(\*|\d+)\/(\d+)$/.exec(dayOfMonth);
        return step ? Number(step[2]) : 31;
    }
    return 1;
}

/** Days between rotations; UNKNOWN during preview; undefined when not given or unreadable. */
export function rotationIntervalDays(rotationRules: Plain): number | Unknown | undefined {
    if (isUnknown(rotationRules)) return UNKNOWN;
    if (!isObject(rotationRules)) return undefined;
    const days = num(rotationRules.automaticallyAfterDays);
    if (days !== undefined) return days;
    const expression = str(rotationRules.scheduleExpression);
    if (expression === undefined || isUnknown(expression)) return expression;
    const rate = /^rate\(\s*(\d+)\s+(minute|hour|day)s?\s*\)$/.exec(expression.trim());
    if (rate) return Number(rate[1]) * DAYS_PER_UNIT[rate[2]];
    const cron = /^cron\((.*)\)$/.exec(expression.trim());
    return cron ? cronIntervalDays(cron[1].trim().split(/\s+/)) : undefined;
}
