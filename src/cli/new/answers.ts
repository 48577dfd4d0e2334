import type { Interface } from "node:readline/promises";
import type { DatasetKind } from "../../config/dataset";
import type { Issue } from "../../config/issue";
import { quote } from "../../config/message";
import type { Settings } from "../../config/settings";
import type { Output } from "../output";
import { datasetText, expiryProblems, problemsWith, type Answers } from "./datasetFile";
import { flagSpec } from "./flags";
import { atFlag, atPrompt } from "./promptMessage";

/** Asks a question; undefined when there is no one to ask (input closed or not a terminal). */
export type Ask = (question: string) => Promise<string | undefined>;

/** What an Ask throws when the person presses Ctrl-C: stop, and write nothing. */
export class Interrupted extends Error {
  override name = "Interrupted";
  constructor() {
    super("stopped by Ctrl-C");
  }
}

/**
 * An Ask over a readline interface; input that ends while a question waits answers undefined,
 * and Ctrl-C throws Interrupted, now and at every later question: unlike the end of input, which
 * leaves the optional questions unanswered, it never lets a file be written. One listener for
 * each serves every question: one per question would pile up on the interface and, past ten,
 * make Node warn in the middle of a prompt.
 */
export function askWith(rl: Interface | undefined): Ask {
  if (!rl) return () => Promise.resolve(undefined);
  const closed = new Promise<undefined>((resolve) => rl.once("close", () => resolve(undefined)));
  // Without a listener, readline takes Ctrl-C for the end of input (nodejs.org/api/readline.html, Event: 'SIGINT').
  const stopped = new Promise<never>((_, reject) =>
    rl.once("SIGINT", () => {
      reject(new Interrupted());
      rl.close();
    }),
  );
  stopped.catch(() => undefined); // told by the question that awaits it; never an unhandled rejection
  return (question) => Promise.race([stopped, rl.question(question).catch(() => undefined), closed]);
}

/** The answer that leaves an optional list empty, as its question says. */
const NONE = /^none$/i;
const YES = /^(y|yes|true)$/i;
const NO = /^(n|no|false)$/i;

/**
 * The part of a key an issue is about, when a key is given in parts (files: by --file-format,
 * --column, --max-size): its message is said for that part's question or flag.
 */
export type SayAs = (issue: Issue) => string;

/** What `exports new` asks, checks and keeps while it builds one dataset file. */
export interface AnswerTaker {
  /** Everything accepted so far, in the order the file will hold it. */
  readonly answers: Answers;
  /** True once a question went unanswered because input ended (or nobody is there to ask). */
  readonly closed: boolean;
  readonly settings: Settings;
  /**
   * Takes `key` from its flag, or asks until the rules accept the answer. An optional question
   * answered with nothing (or `none`) leaves the key out. False when a flag is wrong or a
   * needed answer never comes; then `needs` says what is missing and the flags that give it
   * (by default the key and its own flag).
   */
  take(
    key: string,
    flag: Answers[string] | undefined,
    question: string,
    parse: (text: string) => Answers[string],
    optional?: boolean,
    sayAs?: SayAs,
    needs?: { what: string; flags: string },
  ): Promise<boolean>;
  /**
   * Says what the rules find wrong with a flag's value on its own, before anything is asked, so
   * a wrong flag is told at once even with nobody to answer the questions. True when nothing.
   */
  checkFlag(key: string, value: Answers[string], sayAs?: SayAs): boolean;
  /** A yes/no question whose no (or nothing) leaves the key out: its default is false. */
  yesNo(key: string, flag: boolean | undefined, question: string): Promise<boolean>;
}

export interface TakerContext {
  kind: DatasetKind;
  name: string;
  settings: Settings;
  now: Date;
  ask: Ask;
  out: Output;
}

/** An AnswerTaker that checks each answer with the dataset rules, given the answers so far. */
export function answerTaker({ kind, name, settings, now, ask, out }: TakerContext): AnswerTaker {
  const answers: Answers = { name };
  let closed = false;
  const problems = (key: string): Issue[] => {
    const found = problemsWith(kind, name, answers, key, settings);
    if (key === "expires" && found.length === 0) found.push(...expiryProblems(kind, name, answers, settings, now));
    return found;
  };
  const take: AnswerTaker["take"] = async (key, flag, question, parse, optional = false, sayAs = () => key, needs) => {
    let value = flag;
    for (;;) {
      if (value === undefined) {
        const answer = (await ask(question))?.trim();
        // An unanswered or refused answer never stays behind among the answers kept.
        Reflect.deleteProperty(answers, key);
        if (answer === undefined) {
          closed = true;
          if (optional) return true;
          const { what, flags } = needs ?? { what: key, flags: flagSpec(key) };
          out.stderr(`exports new: ${what} is needed; pass ${flags} or answer the question.\n`);
          return false;
        }
        if (optional && (answer === "" || NONE.test(answer))) return true;
        value = parse(answer);
      }
      answers[key] = value;
      const found = problems(key);
      if (found.length === 0) return true;
      for (const p of found) out.stderr(`${(flag === undefined ? atPrompt : atFlag)(p, sayAs(p))} [${p.rule}]\n`);
      if (flag !== undefined) return false;
      value = undefined;
    }
  };
  const checkFlag: AnswerTaker["checkFlag"] = (key, value, sayAs = () => key) => {
    const found = problemsWith(kind, name, { name, [key]: value }, key, settings);
    for (const p of found) out.stderr(`${atFlag(p, sayAs(p))} [${p.rule}]\n`);
    return found.length === 0;
  };
  const yesNo: AnswerTaker["yesNo"] = async (key, flag, question) => {
    if (flag) answers[key] = true;
    if (flag !== undefined) return true;
    for (;;) {
      const answer = (await ask(question))?.trim();
      if (answer === undefined || answer === "" || NO.test(answer)) return true;
      if (YES.test(answer)) {
        answers[key] = true;
        return true;
      }
      out.stderr(`${key} is yes or no: found ${quote(answer)}. Type yes or no (Enter for no).\n`);
    }
  };
  return {
    answers,
    settings,
    get closed() {
      return closed;
    },
    take,
    checkFlag,
    yesNo,
  };
}

/**
 * Says what was answered, as the file would have held it, when nothing is written: answers are
 * never lost to a refusal at the end.
 */
export function keptAnswers(kind: DatasetKind, path: string, answers: Answers): string {
  const text = datasetText(kind, answers)
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => `  ${line}`)
    .join("\n");
  return `Nothing was written. Your answers, as ${path} would have held them:\n${text}\n`;
}
