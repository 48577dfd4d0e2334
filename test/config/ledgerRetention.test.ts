import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/config/sourceFile";
import { validateSettings } from "../../src/config/validateSettings";

const settings = (text: string) => validateSettings(new SourceFile("exports.settings.yaml", text));

describe("the settings' ledger_retention_years", () => {
  it("is 7 years when left out", () => {
    expect(settings("region: eu-west-2\n").value.ledgerRetentionYears).toBe(7);
  });

  it.each([1, 10, 100])("reads %i", (years) => {
    const { value, errors } = settings(`ledger_retention_years: ${years}\n`);
    expect(errors).toEqual([]);
    expect(value.ledgerRetentionYears).toBe(years);
  });

  it.each([
    { text: "ledger_retention_years: 0\n", says: "from 1 to 100" },
    { text: "ledger_retention_years: 101\n", says: "from 1 to 100" },
    { text: "ledger_retention_years: 2.5\n", says: "Write e.g. ledger_retention_years: 7." },
    { text: 'ledger_retention_years: "7"\n', says: "Write e.g. ledger_retention_years: 7." },
  ])("refuses $text on its line, keeping the default", ({ text, says }) => {
    const { value, errors } = settings(`region: eu-west-2\n${text}`);
    expect(errors).toEqual([expect.objectContaining({ rule: "settings-value", line: 2, column: 25 })]);
    expect(errors[0]?.message).toContain(says);
    expect(value.ledgerRetentionYears).toBe(7);
  });
});
