import { z } from 'zod';
import { rampartConfigSchema } from './schema';

export const JSON_SCHEMA_PATH = 'config/rampart.schema.json';

/** The JSON Schema (draft 2020-12) of what a config file may contain, as committed text. */
export function rampartJsonSchema(): string {
  const schema = z.toJSONSchema(rampartConfigSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 'Rampart config', $id: 'https://rampart.invalid/config.schema.json' }, null, 2)}\n`;
}
