import { readFileSync } from 'fs';
import { JSON_SCHEMA_PATH, rampartJsonSchema } from '../../lib/config/json-schema';

describe('generated JSON Schema', () => {
  test('GIVEN the zod schema WHEN the JSON Schema is generated THEN it matches the committed file (run `npm run schema` after changing the schema)', () => {
    expect(readFileSync(JSON_SCHEMA_PATH, 'utf8')).toBe(rampartJsonSchema());
  });

  test('GIVEN the JSON Schema THEN editors reject unknown keys and bad account ids as the loader does', () => {
    const schema = JSON.parse(rampartJsonSchema());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.accounts.additionalProperties).toBe(false);
    expect(schema.properties.accounts.properties.platform.pattern).toBe('^\\d{12}$');
    expect(schema.required).toEqual(expect.arrayContaining(['organization', 'environment']));
    // accounts and regions are optional: a Google-Cloud-only config has neither (cross-field rules require them together).
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['policy', 'accounts', 'regions']));
    expect(schema.properties.tenants.items.properties.plan.enum).toEqual(['starter', 'pro', 'enterprise']);
  });
});
