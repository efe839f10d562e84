package ppacer.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import ppacer.api.spi.LeaderLease;
import ppacer.api.spi.LeaderLeaseState;
import ppacer.api.spi.StoreException;

/**
 * SQLite serves one scheduler process: the first acquisition takes an exclusive OS lock on the side
 * file {@code <db>.lock} and keeps it until the store closes, so a second scheduler on the same file,
 * in this process or another, is refused with a clear message instead of sharing the database. The
 * lease itself is process-local ({@link LeaderLease#local}); in-memory databases need no file lock.
 */
final class SqliteLeaderLease implements LeaderLease {
    private final LeaderLease local;
    private final Optional<Path> lockFile;
    private final ReentrantLock guard = new ReentrantLock();
    private FileChannel channel;
    private FileLock fileLock;

    SqliteLeaderLease(SqliteTarget target, InstantSource clock) {
        this.local = LeaderLease.local(clock);
        this.lockFile = target.memory() ? Optional.empty() : Optional.of(Path.of(target.name() + ".lock"));
    }

    @Override
    public Optional<LeaderLeaseState> tryAcquire(String nodeId, String advertisedUrl, Duration ttl) {
        lockFile.ifPresent(this::lockOnce);
        return local.tryAcquire(nodeId, advertisedUrl, ttl);
    }

    private void lockOnce(Path file) {
        guard.lock();
        try {
            if (fileLock != null) {
                return;
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock got;
            try {
                got = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                got = null;
            }
            if (got != null && !Files.exists(file)) {
                // the previous holder removed the file it had locked between our open and lock: lock a new one
                ch.close();
                lockOnce(file); // the guard is reentrant
                return;
            }
            if (got == null) {
                ch.close();
                throw new StoreException("The SQLite database '" + file.toString().replaceFirst("\\.lock$", "")
                        + "' is already used by another scheduler (it holds the lock on '" + file + "'). SQLite serves"
                        + " one scheduler process; stop the other one, or use PostgreSQL or MySQL to run several"
                        + " schedulers (one leads, the others stand by).");
            }
            channel = ch;
            fileLock = got;
        } catch (IOException e) {
            throw new StoreException("Cannot lock '" + file + "' for the scheduler: " + e.getMessage(), e);
        } finally {
            guard.unlock();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a lock file left behind is harmless: the next scheduler locks it again
        }
    }

    @Override
    public boolean renew(String nodeId, long epoch, Duration ttl) {
        return local.renew(nodeId, epoch, ttl);
    }

    @Override
    public void release(String nodeId, long epoch) {
        local.release(nodeId, epoch);
    }

    @Override
    public Optional<LeaderLeaseState> current() {
        return local.current();
    }

    @Override
    public boolean shared() {
        return false;
    }

    /**
     * Releases the file lock and removes the lock file (the store closes): deleted while still locked,
     * so a scheduler starting meanwhile either fails to lock the old file or creates a new one.
     */
    void close() {
        guard.lock();
        try {
            if (channel != null) {
                lockFile.ifPresent(SqliteLeaderLease::deleteQuietly);
                channel.close();
            }
        } catch (IOException e) {
            // the OS drops the lock with the process anyway
        } finally {
            channel = null;
            fileLock = null;
            guard.unlock();
        }
    }
}
