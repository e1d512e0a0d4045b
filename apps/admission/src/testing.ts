/** What other packages (the local stack, tests) use to run the admission server as a local process. */
export { writeLocalRunFiles, type LocalRunFiles } from './local-run.js';
