// The budget and limit fields shared by the key and team forms: "$12.50" → 12.5, "600" → 600;
// blank fields are left out (no budget, no limit), a bad one gets its message.

type Errors<F extends string> = Partial<Record<F, string>>;

/** Reads the dollar budget and the whole-number limits of a form into `input`, bad ones into `errors`. */
export function readBudgetAndLimits<F extends string, L extends F>(
  form: Record<F, string>,
  budgetField: F,
  limitFields: readonly L[],
  input: object,
  errors: Errors<F>,
): void {
  const numbers = input as Partial<Record<F, number>>;
  const budget = form[budgetField].trim().replace(/^\$/, '');
  if (budget) {
    const value = Number(budget);
    if (!Number.isFinite(value)) errors[budgetField] = 'A number of dollars is required, such as 25 or 7.50.';
    else numbers[budgetField] = value;
  }
  for (const field of limitFields) {
    const raw = form[field].trim();
    if (!raw) continue;
    const value = Number(raw);
    if (!Number.isInteger(value)) errors[field] = 'A whole number is required.';
    else numbers[field] = value;
  }
}
