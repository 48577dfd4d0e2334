import { visible } from "../../report/escape";

/**
 * The local platform's running log on the terminal: the time, then the line, with every control,
 * bidirectional or invisible character shown by its code point (`<U+001B>`). Lines quote object
 * keys and reasons that uploaders chose, and S3 allows any UTF-8 in a key, newlines and escape
 * sequences included (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html):
 * so each line stays one line and cannot recolour, move or hide what the terminal shows.
 */
export function terminalLog(write: (text: string) => void, now: () => Date = () => new Date()) {
  return (line: string) => write(`${now().toISOString().slice(11, 19)} ${visible(line)}\n`);
}
