import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The order the projects' files start in (vitest.config.ts): the engine files, the longest, first;
 * the unit files, many and mostly short, last, so the workers finish together on small files.
 * Each project's files stay together: a `unit` worker keeps its module graph only while the next
 * file it takes is a `unit` file too.
 */
export const PROJECT_ORDER = ["engine", "unit-isolated", "unit"];

/**
 * Vitest's own order within each project: the longest first, by each file's last whole duration
 * (hooks included) from Vitest's results cache, which every run, even of one file, updates; a file
 * it has no time for (a fresh clone, a new file) is placed by its size, the largest first. Only
 * the order of the projects is ours: Vitest's is alphabetical, which left `unit-isolated` last.
 */
export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => PROJECT_ORDER.indexOf(file.project.name);
    // Array.prototype.sort is stable: within a project, Vitest's order is kept.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
