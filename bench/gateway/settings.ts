// The benches' settings from the environment: `BENCH_…` variables that change a default.

/** The number in the environment variable `name`, or `fallback` when it is unset or empty. */
export const envNumber = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
