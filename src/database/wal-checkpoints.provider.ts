import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { CheckpointResult, WalCheckpointer } from '../core/persistence/wal-checkpointer';

/**
 * How often the worker copies the log into the database file. The shorter, the less the
 * server's own automatic checkpoint has left to write and sync (at 100 ms, 0.5-1.5 ms of fsync
 * now and then under the bench's write load); a round with nothing to copy costs microseconds.
 */
const CHECKPOINT_INTERVAL_MS = 100;

/**
 * Runs SQLite's WAL checkpoints on a worker thread, so that the request whose commit crosses
 * the threshold no longer writes and syncs the whole log on the event loop (see
 * wal-checkpointer.ts). MySQL has none to move.
 */
@Injectable()
export class WalCheckpoints implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WalCheckpoints.name);
  private checkpointer: WalCheckpointer | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const { type, database } = this.dataSource.options;
    if (type !== 'better-sqlite3' || database === ':memory:') return;
    try {
      this.checkpointer = await WalCheckpointer.start({
        path: resolve(database),
        intervalMs: CHECKPOINT_INTERVAL_MS,
        onFailure: (message) => this.logger.warn(`SQLite checkpoint failed, retried every ${CHECKPOINT_INTERVAL_MS} ms: ${message}`),
        onRecovery: () => this.logger.log('SQLite checkpoints succeed again'),
        onExit: (reason) => {
          this.checkpointer = null;
          this.logger.error(`SQLite checkpoints are back on the server's thread: the checkpoint worker stopped (${reason})`);
        },
      });
    } catch (error) {
      this.logger.warn(`SQLite checkpoints stay on the server's thread: the checkpoint worker did not start (${(error as Error).message})`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Before TypeORM closes its connection, whose close checkpoints what is left and removes the log.
    await this.checkpointer?.stop();
    this.checkpointer = null;
  }

  /** A checkpoint now (for tests); null when checkpoints are not on a worker. */
  checkpointNow(): Promise<CheckpointResult> | null {
    return this.checkpointer?.checkpointNow() ?? null;
  }
}
