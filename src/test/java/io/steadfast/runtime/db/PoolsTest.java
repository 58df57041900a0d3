package io.steadfast.runtime.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class PoolsTest {

    @Inject
    Pool applicationPool;

    @Inject
    Pools pools;

    @Test
    void theApplicationPoolWaitsForTheFlushAndTheNotePoolDoesNot() {
        assertThat(setting(applicationPool)).isEqualTo("on");
        assertThat(setting(pools.asyncCommit())).isEqualTo("off");
    }

    @Test
    void bothPoolsReachTheSameDatabase() {
        assertThat(database(pools.asyncCommit())).isEqualTo(database(applicationPool)).isEqualTo("steadfast_test");
    }

    private static String setting(Pool pool) {
        return single(pool, "show synchronous_commit");
    }

    private static String database(Pool pool) {
        return single(pool, "select current_database()");
    }

    private static String single(Pool pool, String sql) {
        return pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getString(0);
    }
}
