/** What other packages' tests use to run the operator in-process (with a token of its own ServiceAccount). */
export { tokenConnection } from './connection.js';
export { Operator, type OperatorOptions } from './operator.js';
