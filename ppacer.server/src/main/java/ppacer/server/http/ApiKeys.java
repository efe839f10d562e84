package ppacer.server.http;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import ppacer.api.spi.ApiKeyRecord;
import ppacer.api.spi.ApiKeyStore;
import ppacer.api.spi.AuditTarget;
import ppacer.api.spi.StoreException;
import ppacer.scheduler.model.Actor;

/**
 * The API keys of the store, checked per request. A key is read from the store by its id and kept
 * for the refresh time ({@link ppacer.server.ServerConfig.Auth#keyRefresh()}, 5 s by default): a revocation through this scheduler drops it at once, one
 * through another scheduler of the same store is seen within that time. Whether any key exists
 * (which turns authentication on) is read at the same pace; once true it stays true. The
 * {@code --token} key, when configured, is an admin key named {@link Principal#TOKEN_NAME}.
 */
final class ApiKeys {
    private static final Logger LOG = System.getLogger(ApiKeys.class.getName());
    /** A key's last use is written at most this often. */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final int MAX_CACHED = 10_000;

    /** The outcome of checking a presented key. */
    sealed interface Check {
        /** @param principal the key's principal */
        record Accepted(Principal principal) implements Check {
        }

        /** @param reason {@code wrong} (unknown key or secret) or {@code revoked} */
        record Rejected(String reason) implements Check {
        }
    }

    private record Cached(Optional<ApiKeyRecord> key, long loadedNanos) {
    }

    private final ApiKeyStore store;
    private final BearerToken token;
    private final InstantSource clock;
    private final LongSupplier nanos;
    private final Duration refresh;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();
    private volatile boolean anyKey;
    private volatile long anyCheckedNanos;
    private volatile boolean anyChecked;

    ApiKeys(ApiKeyStore store, BearerToken token, InstantSource clock, LongSupplier nanos, Duration refresh) {
        this.store = store;
        this.token = token;
        this.clock = clock;
        this.nanos = nanos;
        this.refresh = refresh;
    }

    /** @return true when callers must present a key: a {@code --token} is configured or a key was ever created */
    boolean required() {
        if (token.required() || anyKey) {
            return true;
        }
        long now = nanos.getAsLong();
        if (!anyChecked || now - anyCheckedNanos >= refresh.toNanos()) {
            anyKey = store.any();
            anyCheckedNanos = now;
            anyChecked = true;
        }
        return anyKey;
    }

    /**
     * @param key the presented key (the Authorization header's value after {@code Bearer })
     * @return its principal, or why it is refused
     */
    Check check(String key) {
        if (token.required() && token.accepts(Optional.of("Bearer " + key))) {
            return new Check.Accepted(new Principal(Principal.TOKEN_NAME, Role.ADMIN, List.of(), true));
        }
        Optional<KeySecrets.Presented> presented = KeySecrets.parse(key);
        if (presented.isEmpty()) {
            return new Check.Rejected("wrong");
        }
        Optional<ApiKeyRecord> found = lookup(presented.get().id());
        if (found.isEmpty() || !KeySecrets.matches(presented.get().secret(), found.get().salt(), found.get().hash())) {
            return new Check.Rejected("wrong");
        }
        ApiKeyRecord k = found.get();
        if (!k.active()) {
            return new Check.Rejected("revoked");
        }
        touch(k.id());
        return new Check.Accepted(new Principal(k.name(), Role.parse(k.role()), k.dags(), true));
    }

    private Optional<ApiKeyRecord> lookup(String id) {
        long now = nanos.getAsLong();
        Cached c = cache.get(id);
        if (c != null && now - c.loadedNanos() < refresh.toNanos()) {
            return c.key();
        }
        Optional<ApiKeyRecord> key = store.find(id);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(id, new Cached(key, now));
        return key;
    }

    /** Writes the key's last use, at most once per {@link #TOUCH_EVERY}; a failed write is logged, not fatal. */
    private void touch(String id) {
        Instant now = clock.instant();
        Instant last = touched.get(id);
        if (last != null && now.isBefore(last.plus(TOUCH_EVERY))) {
            return;
        }
        touched.put(id, now);
        try {
            store.touch(id, now);
        } catch (StoreException e) {
            LOG.log(Level.DEBUG, "Could not record the use of API key " + id + ": " + e.getMessage());
        }
    }

    /**
     * Creates a key.
     *
     * @param name its name
     * @param role its role
     * @param dags its DAG patterns
     * @param createdBy the creating principal's name
     * @param by who creates it, for the audit log (action {@code token.create}, in the insert's transaction)
     * @return the stored key and the whole secret, shown once
     */
    Created create(String name, Role role, List<String> dags, String createdBy, Actor by) {
        KeySecrets.Minted m = KeySecrets.mint();
        Instant now = clock.instant();
        ApiKeyRecord k = new ApiKeyRecord(m.id(), name, role.id(), dags, m.salt(), m.hash(), now, createdBy,
                Optional.empty(), Optional.empty());
        store.create(k, Optional.of(by.entry(now, "token.create", AuditTarget.none(), Optional.empty(),
                Optional.of(shown(k) + ": active"))));
        cache.remove(m.id());
        anyKey = true;
        LOG.log(Level.INFO, "API key ''{0}'' (id {1}, role {2}, DAGs {3}) created by {4}", name, m.id(), role.id(),
                dags.isEmpty() ? "all" : dags, createdBy);
        return new Created(k, m.secret());
    }

    /**
     * A created key.
     *
     * @param key the stored key
     * @param secret the key as its holder presents it; never stored
     */
    record Created(ApiKeyRecord key, String secret) {
        @Override
        public String toString() {
            return "Created[" + key + "]";
        }
    }

    /**
     * Revokes a key: this scheduler refuses it from now on.
     *
     * @param name its name
     * @param by the revoking principal's name
     * @param actor who revokes it, for the audit log (action {@code token.revoke}, in the revocation's
     *     transaction, only when a key was revoked)
     * @return the revoked key, empty when no valid key has that name
     */
    Optional<ApiKeyRecord> revoke(String name, String by, Actor actor) {
        Instant now = clock.instant();
        Optional<ApiKeyRecord> k = store.revoke(name, now, Optional.of(actor.entry(now, "token.revoke", AuditTarget.none(),
                Optional.of("key '" + name + "': active"), Optional.of("key '" + name + "': revoked"))));
        k.ifPresent(r -> {
            cache.remove(r.id());
            LOG.log(Level.INFO, "API key ''{0}'' (id {1}) revoked by {2}", name, r.id(), by);
        });
        return k;
    }

    /** @return a key as the audit log names it: name, id, role and patterns (never its secret nor hash) */
    private static String shown(ApiKeyRecord k) {
        return "key '" + k.name() + "' (id " + k.id() + ", role " + k.role() + ", DAGs "
                + (k.dags().isEmpty() ? "all" : String.join(",", k.dags())) + ")";
    }

        /** @return every key, revoked ones included */
    List<ApiKeyRecord> list() {
        return store.list();
    }
}
