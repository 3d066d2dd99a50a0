import { RampartRule } from '../rule';
import { KeyRotation } from './KeyRotation';
import { NoLoss } from './NoLoss';

/** Every Rampart rule, in the order they are reported. Add a rule: one file, one line here. */
export const RAMPART_RULES: readonly RampartRule[] = [KeyRotation, NoLoss];
