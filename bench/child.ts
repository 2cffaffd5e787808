/**
 * `node --import tsx bench/child.ts TASK 'JSON args'`: one measurement in a process of its own; the
 * result is printed as JSON on the last line. Each task's module is imported only when asked for, so a
 * child loads nothing it does not measure.
 */
import type { ChildTask } from './context';

const tasks: Record<ChildTask, (args: unknown) => Promise<unknown>> = {
  'largeSheet.build': async (args) => (await import('./largeSheet')).buildInChild(args),
  'csvExport.memory': async (args) => (await import('./csvExport')).memoryInChild(args),
  'analysisSpeed.evaluations': async (args) => (await import('./analysisSpeed')).evaluationsInChild(args),
  'uncertainty.simulations': async (args) => (await import('./uncertainty')).simulationsInChild(args),
};

const [name, json = '{}'] = process.argv.slice(2);
const task = tasks[name as ChildTask] as ((args: unknown) => Promise<unknown>) | undefined;
if (!task) {
  process.stderr.write(`bench/child.ts: no task named "${name ?? ''}" (tasks: ${Object.keys(tasks).join(', ')})\n`);
  process.exitCode = 2;
} else {
  const result = await task(JSON.parse(json));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
