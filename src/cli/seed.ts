// npm run seed -- --tenant demo --projects 20000 [--years 50] [--batch 200]   (--help for all)
import 'reflect-metadata';
import { runAsProcess } from './cli-support';
import { runSeed } from './seed-cli';

runAsProcess(runSeed);
