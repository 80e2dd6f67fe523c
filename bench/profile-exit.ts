// Preloaded into the server with `--cpu-prof` (npm run bench -- --cpu-prof): the server's
// shutdown hooks re-raise SIGTERM, which would end the process before Node writes the
// profile; SIGUSR2 ends it through process.exit, which writes it.
process.on('SIGUSR2', () => process.exit(0));
