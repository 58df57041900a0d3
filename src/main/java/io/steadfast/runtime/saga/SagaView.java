package io.steadfast.runtime.saga;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** A saga as the admin API shows it: the runtime's status, the definition's state, and what happened, in order. */
public record SagaView(UUID id, String type, SagaStatus status, String reason, int version, JsonNode state,
        OffsetDateTime createdAt, OffsetDateTime updatedAt, List<Deadline> deadlines, List<HistoryEntry> history) {

    public record Deadline(String name, OffsetDateTime dueAt) {
    }

    public record HistoryEntry(OffsetDateTime at, String entry) {
    }
}
