package io.steadfast.runtime.recoverability;

/**
 * An attempt about to start, as counted in the database.
 *
 * @param count attempts so far, this one included
 * @param lastError the latest recorded failure, or {@code null} when no earlier attempt reported one
 */
public record StartedAttempt(AttemptCount count, String lastError) {

    /**
     * Whether the attempts before this one already spent the budget. Failed attempts never get here (the last of
     * them is dead-lettered), so those attempts ended without an outcome: the process stopped during them.
     */
    public boolean overBudget(int budget) {
        return count.attempts() > budget;
    }
}
