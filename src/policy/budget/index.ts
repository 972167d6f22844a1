export { type BudgetLedger, memoryBudgetLedger } from './budget-ledger.ts';
export type { BudgetReservation, BudgetScope } from './budget-scope.ts';
export { type CreateBudgetOptions, createBudget } from './create-budget.ts';
export { type DailyBudgetOptions, dailyBudget, dailyScopeId } from './daily-budget.ts';
export { BUDGET_WEBHOOK_TIMEOUT_MS } from './post-budget-webhook.ts';
