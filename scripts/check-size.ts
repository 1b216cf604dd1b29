/**
 * Fails the build when the public page grows past its budget (scripts/size-budget.ts).
 */
import { checkSizeBudget } from './size-budget';

const { lines, failures } = checkSizeBudget();
for (const line of lines) console.log(line);
if (failures.length > 0) {
  console.error(`\nSize budget exceeded:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log('size budget: ok');
