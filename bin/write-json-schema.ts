#!/usr/bin/env node
/**
 * `npm run schema`: regenerates config/rampart.schema.json from the zod schema (the one source),
 * so editors complete and check Rampart YAML. A test fails when the committed file is stale.
 */
import { writeFileSync } from 'fs';
import { JSON_SCHEMA_PATH, rampartJsonSchema } from '../lib/config/json-schema';

writeFileSync(JSON_SCHEMA_PATH, rampartJsonSchema());
process.stdout.write(`wrote ${JSON_SCHEMA_PATH}\n`);
