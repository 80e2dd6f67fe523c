// npm run ips -- COMMAND ...   (production: node dist/src/cli/ips.js COMMAND ...)
import 'reflect-metadata';
import { runAsProcess } from './cli-support';
import { runIps } from './ips-cli';

runAsProcess(runIps);
