import { readFile } from "node:fs/promises";

/**
 * Just enough of a reader for prisma/schema.prisma to compare it with the
 * database the migrations build (lib/store/schema-agreement.test.ts): each
 * model's table, and each scalar field's column, Prisma type, native type,
 * optionality and primary-key membership. Relation fields (typed by another
 * model) have no column and are skipped.
 */
export interface PrismaColumn {
  field: string;
  column: string;
  type: string;
  nativeType: string | null;
  optional: boolean;
  list: boolean;
}

export interface PrismaModel {
  name: string;
  schema: string | null;
  table: string;
  columns: PrismaColumn[];
  primaryKey: string[];
}

const MAPPED = /@map\("([^"]+)"\)/;
const NATIVE = /@db\.([A-Za-z]+)/;

export function parsePrismaModels(text: string): PrismaModel[] {
  const blocks = [...text.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)];
  const modelNames = new Set(blocks.map((b) => b[1]!));
  return blocks.map(([, name, body]) => {
    const lines = body!
      .split("\n")
      .map((l) => l.replace(/\/\/.*$/, "").trim())
      .filter(Boolean);
    const columns: PrismaColumn[] = [];
    let primaryKey: string[] = [];
    let table = name!;
    let schema: string | null = null;
    for (const line of lines) {
      if (line.startsWith("@@map(")) table = /"([^"]+)"/.exec(line)![1]!;
      else if (line.startsWith("@@schema(")) schema = /"([^"]+)"/.exec(line)![1]!;
      else if (line.startsWith("@@id("))
        primaryKey = /\[([^\]]+)\]/
          .exec(line)![1]!
          .split(",")
          .map((s) => s.trim());
      else if (!line.startsWith("@@")) {
        const [field, rawType = ""] = line.split(/\s+/);
        const type = rawType.replace(/[?[\]]/g, "");
        if (modelNames.has(type)) continue;
        columns.push({
          field: field!,
          column: MAPPED.exec(line)?.[1] ?? field!,
          type,
          nativeType: NATIVE.exec(line)?.[1] ?? null,
          optional: rawType.endsWith("?"),
          list: rawType.endsWith("[]"),
        });
        if (/(^|\s)@id\b/.test(line)) primaryKey = [field!];
      }
    }
    const byField = new Map(columns.map((c) => [c.field, c.column]));
    return { name: name!, schema, table, columns, primaryKey: primaryKey.map((f) => byField.get(f) ?? f) };
  });
}

export async function readPrismaModels(file: string): Promise<PrismaModel[]> {
  return parsePrismaModels(await readFile(file, "utf8"));
}
