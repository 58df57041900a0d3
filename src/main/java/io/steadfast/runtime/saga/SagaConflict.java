package io.steadfast.runtime.saga;

/**
 * The saga changed between reading and writing it (its version moved on): the attempt rolls back and is made again
 * on the fresh state. Transient by nature; never a reason to dead-letter.
 */
public final class SagaConflict extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SagaConflict(Object sagaId, int version) {
        super("Saga " + sagaId + " is no longer at version " + version, null, false, false);
    }
}
