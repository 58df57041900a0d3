package io.steadfast.runtime.recoverability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;

class FailureClassifierTest {

    @Test
    void aPermanentFailureAnywhereInTheChainKeepsItsReason() {
        Failure failure = FailureClassifier.classify(new CompletionException(
                new RuntimeException(new PermanentFailure("malformed", "not JSON"))));
        assertThat(failure.kind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(failure.reason()).isEqualTo("malformed");
    }

    @Test
    void anUnreachableDatabaseIsInfrastructure() {
        assertThat(FailureClassifier.classify(new CompletionException(new ConnectException("Connection refused")))
                .kind()).isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureClassifier.classify(new io.vertx.core.VertxException("Connection is closed", true))
                .kind()).isEqualTo(FailureKind.INFRASTRUCTURE);
    }

    @Test
    void serverStatesThatMeanTryLaterAreInfrastructureButConstraintViolationsAreNot() {
        assertThat(FailureClassifier.classify(new PgException("shutting down", "FATAL", "57P01", "")).kind())
                .isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureClassifier.classify(new PgException("too many", "FATAL", "53300", "")).kind())
                .isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureClassifier.classify(new PgException("duplicate key", "ERROR", "23505", "")).kind())
                .isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void dataTheDatabaseRefusesToStoreIsPermanentWhereverItIsWrapped() {
        PgException nul = new PgException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "22021", "");
        Failure failure = FailureClassifier.classify(new RuntimeException("flush failed", nul));
        assertThat(failure.kind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(failure.reason()).isEqualTo("invalid-data");
        assertThat(FailureClassifier.classify(new PgException("value too long", "ERROR", "22001", "")).kind())
                .isEqualTo(FailureKind.PERMANENT);
    }

    @Test
    void anythingElseIsTransientAndCountsTowardTheBudget() {
        Failure failure = FailureClassifier.classify(new IllegalStateException("bug"));
        assertThat(failure.kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(failure.reason()).isEqualTo(Failure.ATTEMPTS_EXHAUSTED);
    }

    @Test
    void aCyclicCauseChainDoesNotLoop() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(FailureClassifier.classify(a).kind()).isEqualTo(FailureKind.TRANSIENT);
    }
}
