/** What other packages (the local stack, tests) use to run the admission server as a local process. */
export { writeLocalRunFiles, writeServingPair, type LocalRunFiles, type ServingPairFiles } from './local-run.js';
